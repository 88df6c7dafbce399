/**
 * Runs the AWS simulator in the foreground: `npm run sim -- [scenario.json|name] [port]`.
 * Point the AWS CLI or SDK at it with AWS_ENDPOINT_URL=http://127.0.0.1:<port>.
 */
import { VirtualClock } from '../sim/clock.js'
import { resolveScenario } from '../sim/scenarios.js'
import { startSimulator } from '../sim/server.js'

const scenario = resolveScenario(process.argv[2] ?? 'incident')
// Its clients are other processes, so the world keeps the machine's time.
const clock = new VirtualClock()
clock.realTime()
const sim = await startSimulator(scenario, { port: Number(process.argv[3] ?? 0), clock })
console.log(`AWS simulator for scenario '${scenario.name}' listening on ${sim.url}`)
console.log(
  `Cluster ${scenario.cluster.name} in ${scenario.region}, node groups: ${scenario.nodegroups.map(n => n.name).join(', ') || 'none'}`
)
console.log(
  `export AWS_ENDPOINT_URL=${sim.url} AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=${scenario.region} AWS_DEFAULT_REGION=${scenario.region}`
)
process.on('SIGINT', () => void sim.close().then(() => process.exit(0)))
