// Node-only entry point ('@fullfolj/domain/node'): file loading for the API and the worker's
// bootstrap. Never import this from workflow code; import '@fullfolj/domain' there.
export * from './templates/template-loader.node';
