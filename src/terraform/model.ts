/**
 * check's findings, as every format's reader produces them: the neutral model lives in
 * src/model/check.ts; Terraform's modules keep importing it from here.
 */
export * from '../model/check.js'
