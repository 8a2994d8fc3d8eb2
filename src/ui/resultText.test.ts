import { describe, expect, it } from 'vitest';
import { checkLine, checkValue } from './resultText';

describe('result checks as text', () => {
  it('shows percentages, counts out of a total, and three significant digits', () => {
    expect(checkValue({ id: 'g', label: 'Completeness gap', value: 0.01234, format: 'percent' })).toBe('1.2%');
    expect(checkValue({ id: 'e', label: 'Model evaluations', value: 32, of: 2000, format: 'count' })).toBe('32 of 2000');
    expect(checkValue({ id: 'e', label: 'Model evaluations', value: 7, format: 'count' })).toBe('7');
    expect(checkValue({ id: 'r', label: 'R²', value: 0.93, format: 'number' })).toBe('0.930');
    expect(checkValue({ id: 'r', label: 'R²', value: 1, format: 'number' })).toBe('1.00');
    expect(checkValue({ id: 'x', label: 'gap', value: -2.5e-17, format: 'number' })).toBe('> −0.000001');
    expect(checkValue({ id: 'x', label: 'logit', value: 12345, format: 'number' })).toBe('12,300');
    expect(checkValue({ id: 'x', label: 'zero', value: 0, format: 'number' })).toBe('0');
  });

  it('says the verdict in words and adds the detail', () => {
    expect(checkLine({ id: 'lime-r2', label: 'Local fit R²', value: 0.42, format: 'number', status: 'warn', detail: 'Low: do not trust these weights much.' })).toBe(
      'Local fit R² = 0.420 (look closer). Low: do not trust these weights much.',
    );
    expect(checkLine({ id: 'fx', label: 'Logit of the class f(x)', value: 3.14159, format: 'number' })).toBe('Logit of the class f(x) = 3.14');
    expect(checkLine({ id: 's', label: 'Sum', value: 0, format: 'number', status: 'fail' })).toBe('Sum = 0 (failed)');
  });

  it('a check without a number (a flat map’s figure) reads "–" in every format, never NaN, and has no verdict without a status', () => {
    for (const format of ['percent', 'count', 'number', 'probability'] as const) {
      const c = { id: 'energy-pointing', label: 'Map mass inside the region', value: NaN, format, of: format === 'count' ? 1 : undefined, detail: 'No figure: the map is flat (every value the same), so its mass points nowhere.' };
      expect(checkValue(c)).toBe('–');
      expect(checkLine(c)).toBe('Map mass inside the region = –. No figure: the map is flat (every value the same), so its mass points nowhere.');
    }
  });
});
