/**
 * The AWS set-up example and docs/setup.md are generated from src/aws/permissions.ts and must
 * not drift; the Terraform must be formatted and trust only the documented OIDC subjects.
 */
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from '@cdktf/hcl2json'
import { identityPolicy } from '../../src/aws/permissions.js'
import { POLICY_DIR, renderPermissionFiles, ROOT } from '../../scripts/permissions.js'

const EXAMPLE = join(ROOT, 'examples/aws-setup')
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8')

describe('generated from src/aws/permissions.ts', () => {
  it('every generated file is up to date (run `npm run permissions` when this fails)', async () => {
    const files = await renderPermissionFiles()
    expect([...files.keys()].sort()).toEqual([
      'docs/setup.md',
      `${POLICY_DIR}/deploy-tagged.json`,
      `${POLICY_DIR}/deploy.json`,
      `${POLICY_DIR}/verify.json`
    ])
    for (const [path, content] of files)
      expect({ path, content: read(path) }).toEqual({ path, content })
  })

  it('the example’s policies are the modes’ policies, with Terraform placeholders', () => {
    const target = { partition: '${partition}', account: '${account_id}' }
    expect(JSON.parse(read(`${POLICY_DIR}/verify.json`))).toEqual(identityPolicy('verify', target))
    expect(JSON.parse(read(`${POLICY_DIR}/deploy.json`))).toEqual(identityPolicy('deploy', target))
    const placeholders = readdirSync(join(ROOT, POLICY_DIR)).flatMap(file =>
      [...read(`${POLICY_DIR}/${file}`).matchAll(/\$\{([^}]+)\}/g)].map(m => m[1])
    )
    expect(new Set(placeholders)).toEqual(new Set(['partition', 'account_id']))
  })
})

describe('the Terraform example', () => {
  it('passes terraform fmt -check (skipped when terraform is not installed)', () => {
    const version = spawnSync('terraform', ['version'], { encoding: 'utf8' })
    if (version.error) {
      console.warn('terraform not on PATH: fmt check skipped')
      return
    }
    const fmt = spawnSync('terraform', ['fmt', '-check', '-diff', '-recursive', EXAMPLE], {
      encoding: 'utf8'
    })
    expect({ status: fmt.status, diff: fmt.stdout }).toEqual({ status: 0, diff: '' })
  })

  it('both roles trust only GitHub’s token for STS, by exact subject', async () => {
    const main = read('examples/aws-setup/main.tf')
    const hcl = (await parse('main.tf', main)) as {
      data: { aws_iam_policy_document: { trust: { statement: { condition: unknown[] }[] }[] } }
      locals: Record<string, string>[]
    }
    const conditions = hcl.data.aws_iam_policy_document.trust[0].statement[0].condition
    expect(conditions).toEqual([
      { test: 'StringEquals', variable: '${local.oidc_host}:aud', values: ['sts.amazonaws.com'] },
      { test: 'StringEquals', variable: '${local.oidc_host}:sub', values: '${each.value}' }
    ])
    const locals = Object.assign({}, ...hcl.locals) as Record<string, string>
    expect(locals.oidc_host).toBe('token.actions.githubusercontent.com')
    expect(locals.verify_subjects).toContain(':pull_request"')
    expect(locals.verify_subjects).toContain(':ref:refs/heads/${branch}"')
    expect(locals.deploy_subjects).toContain(':environment:${var.deploy_environment}"')
    expect(locals.deploy_subjects).not.toContain('pull_request')
    const code = main
      .split('\n')
      .filter(line => !line.trim().startsWith('#'))
      .join('\n')
    expect(code).not.toMatch(/repo:[^"]*:\*/)
  })

  it('uses every generated policy file, passing the placeholders they need', () => {
    const main = read('examples/aws-setup/main.tf')
    expect(main).toContain('policies/verify.json')
    expect(main).toContain('"deploy-tagged" : "deploy"}.json')
    expect(main).toMatch(/partition\s+=\s+data\.aws_partition\.current\.partition/)
    expect(main).toMatch(/account_id\s+=\s+data\.aws_caller_identity\.current\.account_id/)
  })
})
