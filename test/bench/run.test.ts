import { describe, it, expect } from 'vitest';
import { parseArgs, scanLambdaMemoryMb } from '../../bench/run.js';

describe('bench arguments', () => {
  it('runs every default scenario, the demo timing and the unit by default', () => {
    const a = parseArgs([]);
    expect(a.scenarios).toEqual(['small', 'large', 'xl', 'throttled', 'reference']);
    expect(a).toMatchObject({
      explicit: false,
      demo: true,
      unit: true,
      writeDocs: false,
      demoRuns: 3,
      unitScenarios: ['large', 'xl'],
    });
  });
  it('runs only the named scenarios, without the extras unless asked', () => {
    expect(parseArgs(['--scenario', 'large'])).toMatchObject({
      scenarios: ['large'],
      demo: false,
      unit: false,
    });
    expect(parseArgs(['--scenario=small,xl', '--demo', '--json', 'out.json', '--write-docs'])).toMatchObject({
      scenarios: ['small', 'xl'],
      demo: true,
      unit: false,
      json: 'out.json',
      writeDocs: true,
    });
    expect(parseArgs(['--scenario', 'small', '--unit-scenario', 'xl'])).toMatchObject({
      unit: true,
      unitScenarios: ['xl'],
    });
  });
  it('rejects unknown scenarios and options', () => {
    expect(() => parseArgs(['--scenario', 'huge'])).toThrow(/unknown scenario 'huge'/);
    expect(() => parseArgs(['--fast'])).toThrow(/unknown option/);
    expect(() => parseArgs(['--json'])).toThrow(/needs a value/);
  });
});

describe('the Scan Lambda memory size in the stack source', () => {
  it('reads the ScanFunction memorySize', () => {
    const src = `new PerfscanFunction(this, 'PlanFunction', { memorySize: 256 });\nnew PerfscanFunction(this, 'ScanFunction', {\n  handler: 'scan',\n  memorySize: 1_024,\n});`;
    expect(scanLambdaMemoryMb(src)).toBe(1024);
  });
  it('answers undefined when there is none', () => {
    expect(scanLambdaMemoryMb('nothing here')).toBeUndefined();
  });
});
