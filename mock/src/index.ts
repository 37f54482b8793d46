/**
 * `@novavms/mock`: the stateful reference server of the NovaVMS authentication API. Start it
 * with `startServer()` (or the `novavms-mock` CLI) and talk to it over HTTP.
 */

export { DEMO, type DemoInfo } from './demo.js';
export { type RunningServer, type ServerClock, type StartOptions, startServer } from './server.js';
