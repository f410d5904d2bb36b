import { describe, expect, it } from 'vitest';
import { controlStatuses, personTags } from './people';
import { chainEdgeSchema } from './tracing';
import { chainLinkWords, controlStatusWords, personTagWords, sexWords, wordOf, wordsIn } from './value-words';

describe('value words', () => {
  it('have a Chinese and an English word for every code the contract names', () => {
    const tables: Array<[Record<string, { zh: string; en: string }>, readonly string[]]> = [
      [controlStatusWords, controlStatuses],
      [personTagWords, personTags],
      [sexWords, ['M', 'F', 'U']],
      [chainLinkWords, chainEdgeSchema.shape.kind.options],
    ];
    for (const [table, codes] of tables) {
      expect(Object.keys(table).sort()).toEqual([...codes].sort());
      for (const code of codes) expect([code, table[code]?.zh.length, table[code]?.en.length]).not.toContain(0);
    }
  });

  it('give one language as labels, and an unknown code back as itself', () => {
    expect(wordsIn(sexWords, 'zh')).toEqual({ M: '男', F: '女', U: '未知' });
    expect(wordOf(personTagWords, 'cold_chain', 'zh')).toBe('冷链');
    expect(wordOf(personTagWords, 'site_own_tag', 'zh')).toBe('site_own_tag');
  });
});
