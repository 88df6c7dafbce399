import { post } from './report/post-step.js'

/* The post step's entry (`post-if: always()`). */
await post()
