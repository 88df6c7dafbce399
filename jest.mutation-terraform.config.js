// check's mutation run: the unit tests that drive the Terraform evaluator, its functions, the
// instances and modules, and the judge of key policies. Every test file a mutant's tests live in is
// loaded again for that mutant, so the format readers' and reports' tests (which reach the evaluator
// only through whole configurations) are left out to keep the run to about an hour on 2 cores.
import mutation from './jest.mutation.config.js'

export default {
  ...mutation,
  testMatch: [
    '**/__tests__/unit/{terraform,check-evaluate,check-functions,check-functions-docs,check-hcl-forms,check-provider-functions}.test.ts',
    '**/__tests__/unit/{check-instances,check-modules,check-nullable,check-override,check-tofu-enabled,check-tofu-early-source}.test.ts',
    '**/__tests__/unit/{check-grants,check-situations,check-reencrypt}.test.ts'
  ]
}
