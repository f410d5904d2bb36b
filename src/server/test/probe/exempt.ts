/**
 * Routes the probe does not call, each with the rule that exempts it. No exemption without a
 * rule; an entry naming no registered route fails the probe (so the table cannot go stale).
 */
export const exemptRoutes: Record<string, string> = {
  'POST /auth/login': 'public: answers only about the credentials it is given, with the same 401 whether or not the user exists',
  'POST /auth/logout': "acts only on the caller's own session (and calling it would end the probe actor's session)",
  'POST /auth/password': "acts only on the caller's own account (a wrong current password counts towards locking the probe actor)",
  'POST /public/results/code':
    'resident self-lookup: the one-time code goes only to the phone registered for that ID number; the answer is the same whether or not it exists',
  'POST /public/results': "resident self-lookup: answers only to the holder of a one-time code sent to the resident's registered phone",
};

/**
 * Figures that may differ between the database with street B and the B-free baseline without
 * revealing anything about street B, by JSON path (regular expression), each with its reason.
 */
export const figureRules: Array<{ route: RegExp; path: RegExp; reason: string }> = [
  {
    route: /^GET \/tracing\/backtrace$/,
    path: /^elsewhere$/,
    reason: "hand-off rule: the asking area sees how many of its venue's visitors live elsewhere (a count, handed off to their areas), never who",
  },
];

/**
 * Tables a write may change in another area by the hand-off rule (DESIGN.md: another area's residents
 * reach you only by a task or notice addressed to their area), by route, each with its reason.
 */
export const handOffWrites: Array<{ route: RegExp; tables: string[]; reason: string }> = [
  {
    route: /./,
    tables: ['handoffs'],
    reason: 'a hand-off is the one channel to another area: it is addressed to the receiving area, and the sender sees only that it was sent',
  },
  {
    route: /^POST \/tracing\/(cases\/:id\/trace|contacts\/:id\/secondary)$/,
    tables: ['contacts'],
    reason: "a case's contact who lives elsewhere becomes a contact record of their home area, which works it (docs/tracing.md); the tracing area sees a count",
  },
];
