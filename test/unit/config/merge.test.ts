import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeSettings } from '../../../server/src/config/merge';
import { DEFAULT_SETTINGS } from '../../../server/src/config/schema';

describe('mergeSettings', () => {
  it('returns the defaults when nothing is set', () => {
    assert.deepEqual(mergeSettings(DEFAULT_SETTINGS, undefined, undefined), { rules: {}, subnetLayout: 'separate' });
  });

  it('lets the workspace file win over the editor, rule by rule', () => {
    const merged = mergeSettings(
      DEFAULT_SETTINGS,
      { rules: { spof: 'error' }, subnetLayout: 'single' },
      { rules: { spof: 'off', 'single-path': 'info' }, subnetLayout: 'separate' },
    );
    assert.deepEqual(merged, { rules: { spof: 'error', 'single-path': 'info' }, subnetLayout: 'single' });
  });

  it('takes editor settings where the file says nothing', () => {
    const merged = mergeSettings(DEFAULT_SETTINGS, { rules: {} }, { subnetLayout: 'single' });
    assert.equal(merged.subnetLayout, 'single');
  });
});
