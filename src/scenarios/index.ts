/**
 * Scenarios: clusters and rolling upgrades (Q174799), Terminal Server sessions (Q215465), staged
 * client upgrades with restarts and timed cycles (Q264969), and a scenario file format with its runner.
 */
export * from './cluster.js';
export * from './rolling-upgrade.js';
export * from './event-check.js';
export * from './terminal-server.js';
export * from './staged-client.js';
export * from './format.js';
export * from './runner.js';
export * from './sms-setup.js';
