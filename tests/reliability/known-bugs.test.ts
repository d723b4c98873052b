/**
 * Regression pins for inputs that used to crash synth (exit 2, stack trace) instead of failing
 * validation (exit 1): loadPlatform must reject each with a ConfigError naming the field.
 */
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlatform } from '../../config/load';
import { ConfigError } from '../../config/problems';
import { copyEnvironments, edit } from '../support/environments';
import { FORMERLY_CRASHING, KNOWN_BUGS } from './known-bugs';

describe('inputs constructs refuse are refused by config/ first', () => {
  it('no input is known to crash synth', () => {
    expect(KNOWN_BUGS).toEqual([]);
  });

  for (const bug of FORMERLY_CRASHING) {
    it(`${bug.id}: loadPlatform rejects it naming ${bug.field}`, () => {
      const dir = copyEnvironments();
      edit(dir, bug.file, [[bug.path, bug.value]]);
      let thrown: unknown;
      try {
        loadPlatform(dir, { relativeTo: dirname(dir) });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ConfigError);
      expect((thrown as ConfigError).problems.map((p) => p.path).join('\n')).toContain(bug.field);
    });
  }
});
