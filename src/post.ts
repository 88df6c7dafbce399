import { post } from './post-step.js'

/* The post step's entry (`post-if: always()`). */
await post()
