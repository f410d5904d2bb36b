import { characterClasses, isCommonPassword, passwordProblem, passwordReasons } from './password';

describe('password policy', () => {
  it('refuses the weak passwords of the report and explains why', () => {
    expect(passwordProblem('Password12')).toBe(passwordReasons.common);
    expect(passwordProblem('1234567890a')).toBe(passwordReasons.classes);
    expect(passwordProblem('Short1!')).toBe(passwordReasons.short);
    expect(passwordProblem('qwertyuiop')).toBe(passwordReasons.classes);
    expect(passwordProblem('Qwerty2022!')).toBe(passwordReasons.common);
    expect(passwordProblem('!!Iloveyou99')).toBe(passwordReasons.common);
    expect(passwordProblem('Woaini1314!')).toBe(passwordReasons.common);
    expect(passwordProblem('Li.lei-2022x', 'li.lei')).toBe(passwordReasons.username);
  });

  it('accepts long mixed passwords, including the test harness password', () => {
    expect(passwordProblem('Test-password-123', 'admin1')).toBeNull();
    expect(passwordProblem('Grid-worker-2022', 'li.lei')).toBeNull();
    expect(passwordProblem('correct horse battery 9')).toBeNull(); // lower, digit, space
    expect(passwordProblem('网格员密码Ab12345')).toBeNull();
  });

  it('counts character classes and finds padded common passwords', () => {
    expect(characterClasses('abc')).toBe(1);
    expect(characterClasses('aB3$')).toBe(4);
    expect(isCommonPassword('PASSWORD')).toBe(true);
    expect(isCommonPassword('2022password!')).toBe(true);
    expect(isCommonPassword('pass-word-xyz')).toBe(false);
  });
});
