/**
 * The standalone HTML report lives in report.ts (charts, trend, every finding with sorting and filtering,
 * the debt register, under a strict CSP); this module keeps the historical import path.
 */
export {
  renderHtmlReport,
  streamHtmlReport,
  reportCsp,
  findingRow,
  type HtmlReportOptions,
} from './report.js';
