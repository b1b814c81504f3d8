// A metric worker started from the TypeScript sources (tests, `npm run demo`): TypeScript loading through tsx
// (the worker is started without the scan's node flags), then the worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./metric-worker.ts');
