import type * as TreeSitter from 'web-tree-sitter'
declare const bundled: typeof TreeSitter
export = bundled
