// Node-only entry point ('@fullfolj/domain/node'): file loading for the API and the worker's
// bootstrap, and the mapping from a dated plan to a workflow definition (uuid ids). Never import this from workflow code; import '@fullfolj/domain' there.
export * from './templates/template-loader.node';
export * from './programmes/programme-definition.node';
