/**
 * The HCL corpus: every Terraform and OpenTofu file of community modules nobody here wrote, at
 * several major versions each, pinned so a parse failure can be reproduced. The files stay out of
 * the repository (a cache folder); `npm run corpus` fills it and the parser test reads it.
 */
import { homedir } from 'node:os'
import { join } from 'node:path'

export interface CorpusPin {
  owner: string
  repo: string
  tag: string
}

const pins = (owner: string, repo: string, tags: string[]): CorpusPin[] =>
  tags.map(tag => ({ owner, repo, tag }))

export const CORPUS_PINS: CorpusPin[] = [
  ...pins('terraform-aws-modules', 'terraform-aws-eks', [
    'v16.2.0',
    'v17.24.0',
    'v18.31.2',
    'v19.21.0',
    'v20.37.2',
    'v21.19.0'
  ]),
  ...pins('terraform-aws-modules', 'terraform-aws-autoscaling', [
    'v4.11.0',
    'v6.10.0',
    'v7.7.0',
    'v8.3.1',
    'v9.2.1'
  ]),
  ...pins('terraform-aws-modules', 'terraform-aws-kms', ['v1.5.0', 'v2.2.1', 'v3.1.1', 'v4.2.0']),
  ...pins('terraform-aws-modules', 'terraform-aws-vpc', [
    'v2.78.0',
    'v3.19.0',
    'v4.0.2',
    'v5.21.0',
    'v6.6.0'
  ]),
  ...pins('terraform-aws-modules', 'terraform-aws-iam', ['v4.24.1', 'v5.60.0', 'v6.5.0']),
  ...pins('terraform-aws-modules', 'terraform-aws-eks-pod-identity', ['v1.12.1', 'v2.8.1']),
  ...pins('terraform-aws-modules', 'terraform-aws-security-group', [
    'v3.18.0',
    'v4.17.2',
    'v5.3.1'
  ]),
  ...pins('aws-ia', 'terraform-aws-eks-blueprints-addons', ['v1.0.0', 'v1.16.3', 'v1.24.3'])
]

/** `${XDG_CACHE_HOME:-~/.cache}/eks-kms-guard/hcl-corpus`: outside any checkout. */
export function corpusRoot(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.XDG_CACHE_HOME || join(homedir(), '.cache')
  return join(cache, 'eks-kms-guard', 'hcl-corpus')
}

/** Where one pinned tag's files go: `<root>/<owner>/<repo>@<tag>/`. */
export function pinDir(root: string, pin: CorpusPin): string {
  return join(root, pin.owner, `${pin.repo}@${pin.tag}`)
}

/** The configuration files the parser must read: Terraform's and OpenTofu's, native and JSON. */
export const CORPUS_FILE = /\.(tf|tofu)(\.json)?$/
