/** The ten controls, in model order (a registry test compares this list with the files and the model). */
import type { ControlDef } from '../types.js';
import { WAF_PERF_010 } from './waf-perf-010.js';
import { WAF_PERF_020 } from './waf-perf-020.js';
import { WAF_PERF_030 } from './waf-perf-030.js';
import { WAF_PERF_040 } from './waf-perf-040.js';
import { WAF_PERF_050 } from './waf-perf-050.js';
import { WAF_PERF_060 } from './waf-perf-060.js';
import { WAF_PERF_070 } from './waf-perf-070.js';
import { WAF_PERF_080 } from './waf-perf-080.js';
import { WAF_PERF_090 } from './waf-perf-090.js';
import { WAF_PERF_100 } from './waf-perf-100.js';

export const CONTROLS: readonly ControlDef[] = [
  WAF_PERF_010,
  WAF_PERF_020,
  WAF_PERF_030,
  WAF_PERF_040,
  WAF_PERF_050,
  WAF_PERF_060,
  WAF_PERF_070,
  WAF_PERF_080,
  WAF_PERF_090,
  WAF_PERF_100,
];
