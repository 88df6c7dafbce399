// The core's mutation areas: each a set of source files and the unit tests that judge them, small
// enough for one sitting on 2 cores (Stryker loads every test file that covers a mutant again for
// that mutant, so an area's tests are the ones that drive its files directly). Read by
// stryker.config.mjs and jest.mutation.config.js (the area named by MUTATION_AREA, or all of them)
// and by scripts/mutation.ts, which runs them in turn and adds them up.
const unit = names => `**/__tests__/unit/{${names.join(',')}}.test.ts`

export const areas = {
  verdict: {
    about: 'the verdict and its rules, the failure table, the write plan and the merge',
    mutate: ['src/verdict/*.ts', 'src/model/failures.ts', 'src/kms/plan.ts', 'src/kms/merge.ts'],
    tests: [
      unit([
        'verdict',
        'verdict-day2',
        'verdict-unreadable',
        'verdict-after-failure',
        'verdict-launchers',
        'verdict-late',
        'verdict-edges',
        'late-nodegroup',
        'launchers-assess',
        'watch',
        'plan',
        'merge'
      ])
    ]
  },
  kms: {
    about: 'the key policy evaluator, its conditions and wildcards, and the requirement sets',
    mutate: [
      'src/kms/evaluate.ts',
      'src/kms/conditions.ts',
      'src/kms/wildcard.ts',
      'src/kms/requirements.ts',
      'src/kms/launchers.ts'
    ],
    tests: [
      unit([
        'policy',
        'policy-conditions',
        'policy-statements',
        'decidable',
        'launcher-requirements',
        'merge',
        'plan',
        'key-assessment',
        'cross-account'
      ])
    ]
  },
  patch: {
    about: 'the patch: its rounds, the policy write and the policy text',
    mutate: ['src/kms/patch*.ts', 'src/kms/put-policy.ts', 'src/kms/policy-text.ts'],
    tests: [
      unit([
        'patch',
        'patch-rounds',
        'put-policy',
        'merge',
        'plan',
        'cross-account',
        'key-assessment'
      ])
    ]
  },
  expressions: {
    about: "check's Terraform expression evaluator: values, references, scopes and comparisons",
    mutate: ['src/terraform/eval/{evaluate,values,access,scope,compare,types}.ts'],
    tests: [
      unit([
        'terraform',
        'check-evaluate',
        'check-hcl-forms',
        'check-functions',
        'check-functions-docs',
        'check-nullable',
        'check-provider-functions',
        'check-values'
      ])
    ]
  },
  functions: {
    about: "check's Terraform functions, their regular expressions and grapheme counting",
    mutate: ['src/terraform/eval/{functions,fn-*,regex,graphemes}.ts'],
    tests: [
      unit([
        'check-functions',
        'check-functions-docs',
        'check-evaluate',
        'check-provider-functions',
        'check-format',
        'check-regex',
        'check-functions-edges'
      ]),
      '**/__tests__/hostile/regex.test.ts'
    ]
  },
  instances: {
    about:
      "check's resource instances (count, for_each), module expansion and judge of key policies",
    mutate: [
      'src/terraform/config/instance.ts',
      'src/terraform/config/expand.ts',
      'src/terraform/judge/key-policy.ts'
    ],
    tests: [
      unit([
        'check-instances',
        'check-expansion',
        'check-expansion-modules',
        'check-modules',
        'check-override',
        'check-tofu-enabled',
        'check-tofu-early-source',
        'check-nullable',
        'check-grants',
        'check-situations',
        'check-reencrypt',
        'check-key-policy',
        'check-launchers',
        'check-tf-json',
        'check-corpus'
      ])
    ]
  },
  cli: {
    about: "the CLI's arguments and exit codes, and the watch loop's schedule",
    mutate: ['src/cli/*.ts', 'src/watch/loop.ts'],
    tests: [
      unit(['cli', 'cli-edge', 'watch', 'watch-loop', 'watch-loop-ends']),
      '**/__tests__/e2e/cli-exit.test.ts'
    ]
  }
}

/** The area MUTATION_AREA names, or undefined for the whole core; an unknown name is an error. */
export function chosenArea() {
  const name = process.env.MUTATION_AREA
  if (!name) return undefined
  if (!(name in areas))
    throw new Error(
      `MUTATION_AREA=${name} is not an area: the areas are ${Object.keys(areas).join(', ')}`
    )
  return { name, ...areas[name] }
}
