/** The tool version recorded in every scan header (from package.json; bundled by esbuild for Lambda). */
import pkg from '../../package.json' with { type: 'json' };

export const TOOL_VERSION: string = pkg.version;
