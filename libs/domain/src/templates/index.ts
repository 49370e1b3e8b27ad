// The YAML loader (template-loader.node.ts) is deliberately not exported here: it needs fs.
// Import it from '@fullfolj/domain/node'.
export * from './template.schema';
