/**
 * `npm run bench`: the figures we publish, measured on this machine through the bundled action.
 *   - cold start of `node dist/index.js` against a bare `node -e ''`
 *   - bundle size
 *   - detection latency after the first failed launch activity, in polls and seconds
 *   - AWS calls per watched minute for 1, 10 and 30 node groups
 *   - check mode on a real-sized configuration with modules, and on 500 .tf files with modules
 *   - check mode on 5,000 .tf files, on one 5 MB file and on one file just under the per-file cap
 *     (time, peak memory, summary size; scripts/bench-check-large.ts, each in its own process)
 * Benchmarks, not tests: they print numbers and never fail on them.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { BUNDLE, compressedInputs, ROOT, runAction, startSession } from '../sim/harness.js'
import { resolveScenario } from '../sim/scenarios.js'

const rows: [string, string][] = []
const note = (name: string, value: string) => {
  rows.push([name, value])
  console.error(`${name}: ${value}`)
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

function time(command: string, args: string[], runs: number, env: NodeJS.ProcessEnv = {}): number {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint()
    spawnSync(command, args, {
      env: { PATH: process.env.PATH, GITHUB_OUTPUT: '', NODE_NO_WARNINGS: '1', ...env },
      stdio: 'ignore'
    })
    times.push(Number(process.hrtime.bigint() - start) / 1e6)
  }
  return median(times)
}

function dirSize(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce(
    (sum, entry) =>
      sum +
      (entry.isDirectory() ? dirSize(join(dir, entry.name)) : statSync(join(dir, entry.name)).size),
    0
  )
}

// 1. Cold start: the action exits at input validation, so this is module loading.
const bare = time(process.execPath, ['-e', ''], 15)
const action = time(process.execPath, [BUNDLE], 15)
note(
  'cold start',
  `${action.toFixed(0)} ms for node dist/index.js vs ${bare.toFixed(0)} ms for node -e '' (${(action / bare).toFixed(1)}×)`
)
// 1a. A whole valid run without AWS: the action's check mode, @actions/core and the report included.
{
  const output = mkdtempSync(join(tmpdir(), 'bench-check-'))
  // The runner creates both files before the step starts.
  for (const file of ['output', 'summary']) writeFileSync(join(output, file), '')
  const checked = time(process.execPath, [BUNDLE], 10, {
    INPUT_MODE: 'check',
    'INPUT_WORKING-DIRECTORY': join(ROOT, '__tests__/fixtures/terraform/community-eks'),
    'INPUT_PR-COMMENT': 'false',
    GITHUB_OUTPUT: join(output, 'output'),
    GITHUB_STEP_SUMMARY: join(output, 'summary')
  })
  rmSync(output, { recursive: true, force: true })
  note(
    'action check, a typical repository',
    `${checked.toFixed(0)} ms wall clock for node dist/index.js in check mode on the community EKS + KMS module layout (start-up, summary and outputs included)`
  )
}

// 1b. The CLI on a laptop: start-up alone, and `check` of a typical repository, wall clock.
{
  const cli = join(ROOT, 'dist', 'cli.js')
  const version = time(process.execPath, [cli, '--version'], 15)
  note(
    'CLI cold start',
    `${version.toFixed(0)} ms for eks-kms-guard --version vs ${bare.toFixed(0)} ms for node -e '' (${(version / bare).toFixed(1)}×)`
  )
  const typical = join(ROOT, '__tests__/fixtures/terraform/community-eks')
  const check = time(process.execPath, [cli, 'check', typical], 10)
  note(
    'CLI check, a typical repository',
    `${check.toFixed(0)} ms wall clock for eks-kms-guard check on the community EKS + KMS module layout (start-up included)`
  )
}

// 2. Bundle size.
note(
  'bundle size',
  `dist/index.js ${(statSync(BUNDLE).size / 1e6).toFixed(2)} MB; all of dist/ ${(dirSize(join(ROOT, 'dist')) / 1e6).toFixed(2)} MB`
)

// 3. Detection latency on the incident (verify), in polls and seconds: in process on the
// simulator's clock (what the code decides, however busy the machine), and through the bundle in
// real time (where each poll's own calls also take real time at the compressed 0.25 s poll).
for (const runner of ['source', 'bundle'] as const) {
  const samples: { polls: number; seconds: number }[] = []
  const scenario = resolveScenario('incident')
  const interval = 15 / scenario.timeScale
  for (let i = 0; i < 5; i++) {
    const session = await startSession(scenario)
    const run = await session.run({
      runner,
      inputs: compressedInputs(scenario, { mode: 'verify', 'pr-comment': 'false' })
    })
    const failed = session.sim.world.activities.filter(a => a.finalStatus !== 'Successful')
    const firstEnd = Math.min(...failed.map(a => a.endTime))
    const verdict = run.timeline?.events.find(e => e.kind === 'verdict')
    const seconds = verdict ? (Date.parse(verdict.time) - firstEnd) / 1000 : NaN
    samples.push({
      polls: session.sim.world.calls.filter(
        c => c.operation === 'DescribeScalingActivities' && c.time >= firstEnd
      ).length,
      seconds
    })
    await session.close()
  }
  const polls = median(samples.map(s => s.polls))
  const seconds = median(samples.map(s => s.seconds))
  note(
    `detection latency (${runner === 'source' ? 'simulated time, in process' : 'real time, through the bundle'})`,
    `${polls} poll(s), ${seconds.toFixed(2)} s after the first failed activity ended at a ${interval.toFixed(2)} s poll (${(seconds / interval).toFixed(1)} intervals; at the default 15 s poll: ≈ ${((seconds / interval) * 15).toFixed(0)} s), vs ${34 * 60} s until EKS marks CREATE_FAILED`
  )
}

// 4. AWS calls per watched minute, for 1, 10 and 30 node groups still creating.
for (const count of [1, 10, 30]) {
  const nodegroups = Array.from({ length: count }, (_, i) => ({
    name: `ng-${i}`,
    createAfterSeconds: 0,
    desiredSize: 2
  }))
  const scenario = resolveScenario('correct-policy', {
    nodegroups,
    timing: { instanceReadySeconds: 100_000 }
  })
  const session = await startSession(scenario)
  const watchMinutes = 4
  const run = await session.run({
    runner: 'bundle',
    inputs: compressedInputs(scenario, {
      mode: 'verify',
      'pr-comment': 'false',
      'nodegroup-names': nodegroups.map(n => n.name).join(','),
      'timeout-minutes': String(watchMinutes / scenario.timeScale)
    })
  })
  const started = Date.parse(run.timeline?.events.find(e => e.kind === 'started')?.time ?? '')
  const watched = session.sim.world.calls.filter(
    c => c.time >= started && c.operation !== 'GetCallerIdentity'
  )
  // Key discovery happens once per node group; the steady cost is the polling.
  const polling = watched.filter(c =>
    [
      'DescribeNodegroup',
      'DescribeScalingActivities',
      'DescribeAutoScalingGroups',
      'ListNodegroups'
    ].includes(c.operation)
  )
  note(
    `AWS calls per watched minute, ${count} node group${count > 1 ? 's' : ''}`,
    `${(polling.length / watchMinutes).toFixed(0)} polling calls/min at the default 15 s poll (${watched.length - polling.length} one-off discovery calls)`
  )
  await session.close()
}

// 4b. Day 2: a node group update whose new launch template version's key lacks the grant.
{
  const scenario = resolveScenario('update-broken-key')
  const interval = 15 / scenario.timeScale
  const samples: number[] = []
  let before = 0
  for (let i = 0; i < 3; i++) {
    const session = await startSession(scenario)
    const run = await session.run({
      runner: 'bundle',
      inputs: compressedInputs(scenario, { mode: 'verify', 'pr-comment': 'false' })
    })
    const failed = session.sim.world.activities.filter(a => a.finalStatus !== 'Successful')
    const firstEnd = Math.min(...failed.map(a => a.endTime))
    const verdict = run.timeline?.events.find(e => e.kind === 'verdict')
    if (verdict && Date.parse(verdict.time) < firstEnd) before++
    samples.push(verdict ? (Date.parse(verdict.time) - firstEnd) / 1000 : NaN)
    await session.close()
  }
  const seconds = median(samples)
  note(
    'update with a broken key: detection',
    `${(seconds / interval).toFixed(1)} poll intervals after the first failed surge launch (≈ ${((seconds / interval) * 15).toFixed(0)} s at the default 15 s poll; ${before}/3 runs reported the key before any surge launch had failed), vs ≈ 45 min until EKS ends the update Failed`
  )
}

// 4c. Calls per watched minute with add-ons (the incident with vpc-cni, kube-proxy and coredns).
{
  const scenario = resolveScenario('incident-coredns', {
    timing: { instanceReadySeconds: 100_000 }
  })
  const session = await startSession(scenario)
  const watchMinutes = 4
  const run = await session.run({
    runner: 'bundle',
    inputs: compressedInputs(scenario, {
      mode: 'deploy',
      'pr-comment': 'false',
      'timeout-minutes': String(watchMinutes / scenario.timeScale)
    })
  })
  const started = Date.parse(run.timeline?.events.find(e => e.kind === 'started')?.time ?? '')
  const watched = session.sim.world.calls.filter(c => c.time >= started)
  note(
    'AWS calls per watched minute, 1 node group + 3 add-ons',
    `${(watched.length / watchMinutes).toFixed(0)} calls/min at the default 15 s poll, everything included`
  )
  await session.close()
}

// 5. check: one real-sized configuration with modules, and 500 .tf files with modules.
{
  const { runCheck } = await import('../src/terraform/check.js')
  const real = join(ROOT, '__tests__/fixtures/terraform/community-eks')
  await runCheck({ paths: ['.'], cwd: real }) // loads the parser once, as the action does
  const times: number[] = []
  for (let i = 0; i < 5; i++) {
    const start = process.hrtime.bigint()
    await runCheck({ paths: ['.'], cwd: real })
    times.push(Number(process.hrtime.bigint() - start) / 1e6)
  }
  note(
    'check, community EKS + KMS modules (in process)',
    `${median(times).toFixed(0)} ms per run (node group map → submodule → launch template → KMS module)`
  )
  const dir = mkdtempSync(join(tmpdir(), 'bench-tf-'))
  for (let i = 0; i < 100; i++) {
    const stack = join(dir, `stack-${i}`)
    mkdirSync(join(stack, 'modules', 'nodes'), { recursive: true })
    writeFileSync(
      join(stack, 'kms.tf'),
      `resource "aws_kms_key" "k" {\n  description = "key ${i}"\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" }]\n  })\n}\n`
    )
    writeFileSync(
      join(stack, 'main.tf'),
      `module "nodes" {\n  source     = "./modules/nodes"\n  kms_key_id = aws_kms_key.k.arn\n  groups     = { a = {}, b = {} }\n}\n`
    )
    writeFileSync(
      join(stack, 'other.tf'),
      `variable "v${i}" {\n  type    = string\n  default = "x"\n}\n\nresource "aws_s3_bucket" "b${i}" {\n  bucket = "bucket-${i}"\n  tags   = { Name = var.v${i} }\n}\n`
    )
    writeFileSync(
      join(stack, 'modules', 'nodes', 'variables.tf'),
      `variable "kms_key_id" {\n  type = string\n}\n\nvariable "groups" {\n  type = map(object({ size = optional(number, 50) }))\n}\n`
    )
    writeFileSync(
      join(stack, 'modules', 'nodes', 'main.tf'),
      `resource "aws_launch_template" "lt" {\n  for_each = var.groups\n  dynamic "block_device_mappings" {\n    for_each = [each.value]\n    content {\n      device_name = "/dev/xvda"\n      ebs {\n        encrypted   = true\n        volume_size = block_device_mappings.value.size\n        kms_key_id  = var.kms_key_id\n      }\n    }\n  }\n}\n\nresource "aws_eks_node_group" "ng" {\n  for_each        = var.groups\n  cluster_name    = "c"\n  node_group_name = each.key\n  launch_template {\n    id      = aws_launch_template.lt[each.key].id\n    version = "$Latest"\n  }\n}\n`
    )
  }
  const start = Date.now()
  const outcome = await runCheck({ paths: ['.'], cwd: dir })
  const inProcess = (Date.now() - start) / 1000
  const bundleStart = Date.now()
  const run = await runAction({
    runner: 'bundle',
    inputs: { mode: 'check', 'working-directory': dir, 'pr-comment': 'false' },
    cwd: dir
  })
  note(
    'check, 500 .tf files with modules',
    `${inProcess.toFixed(2)} s in process, ${((Date.now() - bundleStart) / 1000).toFixed(1)} s through node dist/index.js (100 stacks with a local module each; ${outcome.keys.filter(k => k.status === 'missing').length} keys flagged as expected, result ${run.outputs.result})`
  )
  rmSync(dir, { recursive: true, force: true })
}

// 5a. check on the other formats: time per template (CloudFormation YAML, a CDK assembly, eksctl).
{
  const { runAllChecks } = await import('../src/check/run.js')
  for (const [name, dir, formats] of [
    [
      'CloudFormation, the incident template (YAML, short forms)',
      'cloudformation/incident',
      ['cloudformation']
    ],
    [
      'CloudFormation, conditions and Fn::Sub key policy text',
      'cloudformation/conditions',
      ['cloudformation']
    ],
    ['CDK assembly: 2 stacks, a nested stack, a stage', 'cdk/app', ['cdk']],
    ['eksctl ClusterConfig', 'eksctl/with-key', ['eksctl']]
  ] as const) {
    const cwd = join(ROOT, '__tests__/fixtures', dir)
    const options = { paths: ['.'], cwd, formats: [...formats] }
    await runAllChecks(options)
    const times: number[] = []
    let files = 1
    for (let i = 0; i < 5; i++) {
      const start = process.hrtime.bigint()
      const outcome = await runAllChecks(options)
      times.push(Number(process.hrtime.bigint() - start) / 1e6)
      files = outcome.formatsRead?.reduce((n, r) => n + r.files, 0) || 1
    }
    note(`check, ${name}`, `${(median(times) / files).toFixed(1)} ms per template (${files} read)`)
  }
}

// 5b. A catastrophic pattern through Terraform's replace(): RE2 is linear in the input.
// 3b. Karpenter and EKS Auto Mode: from the first instance EC2 terminates on the key to the
// verdict (deploy watching a command, patch-policy off), vs Karpenter's own 15-minute
// registration timeout (its NodeClaim liveness, reference karpenter-automode §1.4).
for (const [launcher, runner] of [
  ['karpenter', 'source'],
  ['karpenter', 'bundle'],
  ['auto-mode', 'source'],
  ['auto-mode', 'bundle']
] as const) {
  const samples: number[] = []
  const scenario = resolveScenario(launcher)
  const interval = 15 / scenario.timeScale
  for (let i = 0; i < 3; i++) {
    const session = await startSession(scenario)
    const run = await session.run({
      runner,
      inputs: compressedInputs(scenario, {
        mode: 'deploy',
        'patch-policy': 'false',
        'pr-comment': 'false',
        command: `node ${join(ROOT, '__tests__', 'fixtures', 'fake-wait.mjs')} --seconds 30`
      })
    })
    const killed = session.sim.world.fleetInstances.map(i => i.terminatingAt ?? Infinity)
    const verdict = run.timeline?.events.find(e => e.kind === 'verdict')
    samples.push(verdict ? (Date.parse(verdict.time) - Math.min(...killed)) / 1000 : NaN)
    await session.close()
  }
  const seconds = median(samples)
  note(
    `detection latency, ${launcher} (${runner === 'source' ? 'simulated time, in process' : 'real time, through the bundle'})`,
    `${seconds.toFixed(2)} s after the first instance began shutting down at a ${interval.toFixed(2)} s poll (${(seconds / interval).toFixed(1)} intervals; at the default 15 s poll: ≈ ${((seconds / interval) * 15).toFixed(0)} s), vs ${15 * 60} s until Karpenter's registration timeout deletes the NodeClaim`
  )
}

{
  const { replaceAll } = await import('../src/terraform/eval/regex.js')
  const times = [31, 100_001].map(n => {
    const text = `${'a'.repeat(n - 1)}b`
    const start = process.hrtime.bigint()
    replaceAll(text, '^(a+)+$', 'x', { file: 'bench.tf', line: 1 })
    return `${(Number(process.hrtime.bigint() - start) / 1e6).toFixed(0)} ms at ${n} characters`
  })
  note('replace(s, "/^(a+)+$/", "x") on "aaa…ab"', times.join(', '))
}

// 6. check on what a pull request can make large: 5,000 files, one 5 MB file, one file at the cap.
for (const [kind, name] of [
  ['files', 'check, 5,000 .tf files (1,000 stacks, every key reported)'],
  ['big', 'check, one 5 MB .tf file'],
  ['capped', 'check, one 1.9 MiB .tf file (just under the per-file cap)']
] as const) {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'scripts', 'bench-check-large.ts'), kind],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' } }
  )
  const line = child.stdout.trim().split('\n').pop() ?? '{}'
  const m = JSON.parse(line) as Record<string, string | number | boolean>
  note(
    name,
    `${m.seconds} s, peak RSS ${m.peakRssMiB} MiB, summary ${Math.round(Number(m.summaryBytes) / 1024)} KB${m.summaryCut ? ' (cut, said)' : ''}; result ${m.result}, ${m.keysChecked} keys checked`
  )
}

const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`
console.log(
  `\n| measure | result |\n| --- | --- |\n${rows.map(([name, value]) => `| ${name} | ${value} |`).join('\n')}\n\nMachine: ${machine}.`
)
