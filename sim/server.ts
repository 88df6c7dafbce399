/**
 * A loopback AWS: the real SDK reaches it through AWS_ENDPOINT_URL. The service is read from the
 * SigV4 credential scope (Credential=AKID/date/region/<service>/aws4_request), exactly what
 * the SDK signs, so one port serves every service.
 *
 * Control API (for tests, the demo and fake deploy commands), under /_sim/:
 *   GET  /_sim/state                 world summary (keys with policies, node groups, calls)
 *   POST /_sim/nodegroups/<name>/create   start creating a node group now
 *   POST /_sim/asgs/<name>/create    create a self-managed Auto Scaling group the scenario declares
 *   POST /_sim/cluster/create        the cluster exists from now on
 *   PUT  /_sim/keys/<id>/policy      another writer replaces a key policy (body: the policy)
 *   PUT  /_sim/faults                replace the fault list (body: ScenarioFault[])
 *   and the day-2 calls of sim/control.ts (node group updates and scaling, cluster version
 *   updates, add-ons).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { VirtualClock } from './clock.js'
import { handleDay2Control, summarizeDay2 } from './control.js'
import { identityDenial } from './least-privilege.js'
import type { Scenario, ScenarioFault } from './scenario.js'
import { handleAutoscaling } from './services/autoscaling.js'
import { handleEc2 } from './services/ec2.js'
import { handleEks } from './services/eks.js'
import { handleIam, handleSts } from './services/iam.js'
import { handleKms } from './services/kms.js'
import {
  AwsError,
  errorResponse,
  jsonSuccess,
  querySuccess,
  type Protocol,
  type WireResponse
} from './wire.js'
import { iso, World } from './world.js'

const PROTOCOLS: Record<string, Protocol> = {
  kms: 'json',
  eks: 'rest-json',
  autoscaling: 'query',
  iam: 'query',
  sts: 'query',
  ec2: 'ec2'
}

const THROTTLE: Record<string, { code: string; status: number; message: string }> = {
  kms: {
    code: 'ThrottlingException',
    status: 400,
    message:
      'You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.'
  },
  eks: { code: 'ThrottlingException', status: 429, message: 'Rate exceeded' },
  autoscaling: { code: 'Throttling', status: 400, message: 'Rate exceeded' },
  iam: { code: 'Throttling', status: 400, message: 'Rate exceeded' },
  sts: { code: 'Throttling', status: 400, message: 'Rate exceeded' },
  ec2: { code: 'RequestLimitExceeded', status: 503, message: 'Request limit exceeded.' }
}

const SERVER_ERROR: Record<string, string> = {
  kms: 'KMSInternalException',
  eks: 'ServerException',
  autoscaling: 'InternalFailure',
  iam: 'ServiceFailure',
  sts: 'InternalFailure',
  ec2: 'InternalError'
}

const ACCESS_DENIED: Record<string, { code: string; status: number }> = {
  kms: { code: 'AccessDeniedException', status: 400 },
  eks: { code: 'AccessDeniedException', status: 403 },
  autoscaling: { code: 'AccessDenied', status: 403 },
  iam: { code: 'AccessDenied', status: 403 },
  sts: { code: 'AccessDenied', status: 403 },
  ec2: { code: 'UnauthorizedOperation', status: 403 }
}

export interface SimulatorHandle {
  url: string
  port: number
  world: World
  /** The world's time, shared with the code under test when it runs in this process. */
  clock: VirtualClock
  actors: Actors
  close(): Promise<void>
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    request.on('data', chunk => chunks.push(chunk as Buffer))
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    request.on('error', reject)
  })
}

function serviceOf(request: IncomingMessage): string | undefined {
  const auth = request.headers.authorization ?? ''
  return /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(auth)?.[1]
}

function matches(pattern: string, action: string): boolean {
  const regex = new RegExp(
    '^' +
      pattern
        .split('*')
        .map(p => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*') +
      '$',
    'i'
  )
  return regex.test(action)
}

function activeFaults(world: World, service: string, operation: string): ScenarioFault[] {
  const elapsed = (world.now() - world.startedAt) / 1000
  return (world.scenario.faults ?? []).filter(
    f =>
      (f.operation === '*' ||
        f.operation === operation ||
        matches(f.operation, `${service}:${operation}`)) &&
      (f.fromSeconds === undefined || elapsed >= f.fromSeconds / world.scenario.timeScale) &&
      (f.untilSeconds === undefined || elapsed < f.untilSeconds / world.scenario.timeScale)
  )
}

/**
 * AWS holding a request open: real time, cut short when the client gives up (its socket closes).
 * The time it took passes in the world too, as it would for a client waiting on AWS.
 */
function hang(clock: VirtualClock, ms: number, request: IncomingMessage): Promise<void> {
  const started = Date.now()
  return new Promise(resolve => {
    const done = () => {
      clearTimeout(timer)
      request.socket.off('close', done)
      clock.elapse(Date.now() - started)
      resolve()
    }
    const timer = setTimeout(done, ms)
    request.socket.once('close', done)
  })
}

async function handleAws(
  world: World,
  clock: VirtualClock,
  request: IncomingMessage,
  body: string,
  response: ServerResponse
): Promise<void> {
  const service = serviceOf(request)
  if (!service || !PROTOCOLS[service]) {
    const reply = errorResponse(
      'sts',
      'query',
      new AwsError('IncompleteSignature', 'Request is not signed with a known service scope')
    )
    writeReply(response, reply)
    return
  }
  const protocol = PROTOCOLS[service]
  const url = new URL(request.url ?? '/', 'http://localhost')
  let operation = 'Unknown'
  let run: () => unknown | Promise<unknown>
  if (protocol === 'json') {
    operation =
      String(request.headers['x-amz-target'] ?? '')
        .split('.')
        .pop() ?? 'Unknown'
    const input = body ? (JSON.parse(body) as Record<string, unknown>) : {}
    run = () => handleKms(world, operation, input)
  } else if (protocol === 'rest-json') {
    const route = await handleEks(
      world,
      request.method ?? 'GET',
      url.pathname,
      url.searchParams,
      body
    )
    operation = route.operation
    run = route.run
  } else {
    const params = new URLSearchParams(body)
    operation = params.get('Action') ?? 'Unknown'
    if (service === 'autoscaling') run = () => handleAutoscaling(world, operation, params)
    else if (service === 'ec2') run = () => handleEc2(world, operation, params)
    else if (service === 'iam') run = () => handleIam(world, operation, params)
    else run = () => handleSts(world, operation)
  }

  let reply: WireResponse
  try {
    for (const fault of activeFaults(world, service, operation)) {
      if (fault.latencyMs) await hang(clock, fault.latencyMs, request)
      if (fault.resetRate && world.random() < fault.resetRate) {
        world.record({ time: world.now(), service, operation, status: 0, errorCode: 'ECONNRESET' })
        request.socket.destroy()
        return
      }
      if (fault.accessDenied) {
        const denied = ACCESS_DENIED[service]
        throw new AwsError(
          denied.code,
          fault.message ??
            `User: ${world.scenario.caller} is not authorized to perform: ${service}:${operation}`,
          denied.status
        )
      }
      // The errors common to all AWS APIs give ExpiredTokenException HTTP 403, as AccessDenied:
      // https://docs.aws.amazon.com/awsconsolehelpdocs/latest/gsg/common-errors.html
      if (fault.expiredToken)
        throw new AwsError(
          service === 'kms' ? 'ExpiredTokenException' : 'ExpiredToken',
          'The security token included in the request is expired',
          403
        )
      if (fault.throttleRate && world.random() < fault.throttleRate) {
        const t = THROTTLE[service]
        throw new AwsError(t.code, t.message, t.status)
      }
      if (fault.errorRate && world.random() < fault.errorRate) {
        throw new AwsError(
          SERVER_ERROR[service],
          'We encountered an internal error. Please try again.',
          500,
          false
        )
      }
    }
    const denial = await identityDenial(world, {
      service,
      operation,
      url: request.url ?? '/',
      body
    })
    if (denial) {
      const denied = ACCESS_DENIED[service]
      throw new AwsError(denied.code, denial, denied.status)
    }
    await world.advance()
    const result = await run()
    reply =
      protocol === 'json' || protocol === 'rest-json'
        ? jsonSuccess(result, protocol)
        : querySuccess(service, operation, result)
  } catch (error) {
    const awsError =
      error instanceof AwsError ? error : new AwsError('InternalFailure', String(error), 500, false)
    reply = errorResponse(service, protocol, awsError)
  }
  const errorCode =
    reply.status >= 300
      ? (/"__type":"([^"]+)"|<Code>([^<]+)<\/Code>/.exec(reply.body)?.slice(1).find(Boolean) ??
        reply.headers['x-amzn-errortype'])
      : undefined
  world.record({
    time: world.now(),
    service,
    operation,
    status: reply.status,
    errorCode,
    path: url.pathname
  })
  writeReply(response, reply)
}

function writeReply(response: ServerResponse, reply: WireResponse): void {
  response.writeHead(reply.status, {
    ...reply.headers,
    'content-length': Buffer.byteLength(reply.body)
  })
  response.end(reply.body)
}

function json(response: ServerResponse, status: number, value: unknown): void {
  writeReply(response, {
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(value, null, 2)
  })
}

export function summarize(world: World): Record<string, unknown> {
  const now = world.now()
  return {
    now: iso(now),
    keys: [...world.keys.values()].map(k => ({
      id: k.id,
      arn: k.arn,
      state: k.state,
      manager: k.manager,
      policy: world.currentPolicy(k),
      policyWrites: k.policies.length - 1,
      grants: k.grants
    })),
    roles: [...world.roles.values()].map(r => r.arn),
    nodegroups: world.nodegroups.map(ng => ({
      name: ng.name,
      status: world.nodegroupExists(ng) ? ng.status : 'NOT_STARTED',
      createdAt: ng.createAt === undefined ? undefined : iso(ng.createAt),
      statusChangedAt: ng.statusChangedAt ? iso(ng.statusChangedAt) : undefined,
      asgName: ng.asgName,
      attempts: ng.attempts,
      instances: ng.instances.length
    })),
    activities: world.activities.map(a => ({
      id: a.activityId,
      asg: a.asgName,
      start: iso(a.startTime),
      end: iso(a.endTime),
      status: a.finalStatus,
      message: a.statusMessage
    })),
    calls: world.calls.map(c => ({ ...c, time: iso(c.time) })),
    ...summarizeDay2(world)
  }
}

/**
 * A deploy command written for the tests takes part in simulated time: it attaches when it starts
 * (which releases the hold its run took for it), sleeps through the simulator, and detaches
 * before it exits. Between its waits it is working, and time stands still.
 */
export class Actors {
  private readonly busy = new Map<string, () => void>()
  /** Held from a run's start until its command attaches (see harness.ts). */
  pendingStart?: () => void

  constructor(private readonly clock: VirtualClock) {}

  attach(id: string): void {
    this.busy.get(id)?.()
    this.busy.set(id, this.clock.hold())
    this.pendingStart?.()
    this.pendingStart = undefined
  }

  detach(id: string): void {
    this.busy.get(id)?.()
    this.busy.delete(id)
  }

  async sleep(id: string, ms: number, request: IncomingMessage): Promise<boolean> {
    const wasBusy = this.busy.get(id)
    this.busy.delete(id)
    // A command killed in its sleep is gone: its socket closes and it is never busy again.
    const gone = new AbortController()
    const onClose = () => gone.abort()
    request.socket.once('close', onClose)
    // The hold passes from the sleep to the work after it with no gap in between.
    const sleeping = this.clock.sleep(ms, gone.signal)
    wasBusy?.()
    await sleeping
    request.socket.off('close', onClose)
    if (gone.signal.aborted) return false
    this.busy.set(id, this.clock.hold())
    return true
  }

  releaseAll(): void {
    for (const release of this.busy.values()) release()
    this.busy.clear()
    this.pendingStart?.()
  }
}

async function handleClock(
  actors: Actors,
  parts: string[],
  url: URL,
  request: IncomingMessage,
  response: ServerResponse
): Promise<void> {
  const id = url.searchParams.get('actor') ?? 'command'
  if (parts[2] === 'attach') actors.attach(id)
  else if (parts[2] === 'detach') actors.detach(id)
  else if (parts[2] === 'sleep') {
    if (!(await actors.sleep(id, Number(url.searchParams.get('ms') ?? 0), request))) return
  } else return json(response, 404, { error: `unknown clock call ${url.pathname}` })
  json(response, 200, { ok: true })
}

async function handleControl(
  world: World,
  actors: Actors,
  request: IncomingMessage,
  body: string,
  response: ServerResponse
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost')
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent)
  if (request.method === 'POST' && parts[1] === 'clock')
    return handleClock(actors, parts, url, request, response)
  await world.advance()
  if (request.method === 'GET' && parts[1] === 'state') return json(response, 200, summarize(world))
  const day2 = handleDay2Control(world, request.method ?? 'GET', parts, body)
  if (day2) return json(response, day2.status, day2.body)
  // A self-managed group the scenario declares (createAfterSeconds: null), as CreateAutoScalingGroup.
  if (request.method === 'POST' && parts[1] === 'asgs' && parts[3] === 'create') {
    const declared = world.nodegroups.find(n => n.name === parts[2] && n.spec.selfManaged)
    if (!declared)
      return json(response, 404, { error: 'no such self-managed group in the scenario' })
    const ng = world.startNodegroup(parts[2])
    return json(response, 200, { name: ng.asgName, createdAt: iso(ng.createAt as number) })
  }
  if (request.method === 'POST' && parts[1] === 'nodegroups' && parts[3] === 'create') {
    const ng = world.startNodegroup(parts[2])
    return json(response, 200, { name: ng.name, createdAt: iso(ng.createAt as number) })
  }
  if (request.method === 'POST' && parts[1] === 'cluster' && parts[2] === 'create') {
    if (!world.clusterExists()) world.clusterCreateAt = world.now()
    return json(response, 200, { createdAt: iso(world.clusterCreateAt as number) })
  }
  if (request.method === 'PUT' && parts[1] === 'keys' && parts[3] === 'policy') {
    const key = world.keys.get(parts[2])
    if (!key) return json(response, 404, { error: 'no such key' })
    world.putPolicy(key, body)
    return json(response, 200, { ok: true })
  }
  if (request.method === 'PUT' && parts[1] === 'faults') {
    world.scenario.faults = JSON.parse(body) as ScenarioFault[]
    return json(response, 200, { ok: true })
  }
  return json(response, 404, { error: `unknown control call ${request.method} ${url.pathname}` })
}

export interface SimulatorOptions {
  port?: number
  /** Simulated time (the default); `realTime()` on it for runs in another process. */
  clock?: VirtualClock
}

export async function startSimulator(
  scenario: Scenario,
  options: SimulatorOptions = {}
): Promise<SimulatorHandle> {
  const clock = options.clock ?? new VirtualClock()
  const world = new World(scenario, () => clock.now())
  const actors = new Actors(clock)
  const server: Server = createServer((request, response) => {
    const control = (request.url ?? '').startsWith('/_sim/')
    // An AWS request holds time from its arrival to its answer (a command's requests included);
    // a clock call manages time itself.
    const release = (request.url ?? '').startsWith('/_sim/clock/') ? () => {} : clock.hold()
    readBody(request)
      .then(body =>
        control
          ? handleControl(world, actors, request, body, response)
          : handleAws(world, clock, request, body, response)
      )
      .catch(error => {
        if (!response.headersSent) json(response, 500, { error: String(error) })
      })
      .finally(release)
  })
  // Keep-alive sockets from the SDK must not hold close() open.
  server.keepAliveTimeout = 1000
  await new Promise<void>(resolve => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const address = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    world,
    clock,
    actors,
    close: () =>
      new Promise<void>(resolve => {
        actors.releaseAll()
        if (!options.clock) clock.close()
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
