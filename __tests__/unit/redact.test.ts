import { describe, expect, it } from '@jest/globals'
import { redactCommand } from '../../src/render/redact.js'

describe('redactCommand', () => {
  it.each([
    [
      'terraform apply -var password=hunter2 -var region=us-east-1',
      'terraform apply -var password=*** -var region=us-east-1'
    ],
    [
      `terraform apply -var 'db_password=two words' -var="api_key=abc"`,
      `terraform apply -var 'db_password=***' -var="api_key=***"`
    ],
    [
      'TOKEN=abc AWS_SECRET_ACCESS_KEY=a/b+c terraform apply',
      'TOKEN=*** AWS_SECRET_ACCESS_KEY=*** terraform apply'
    ],
    [
      'deploy --secret s3 --region us-east-1 --password=pw',
      'deploy --secret *** --region us-east-1 --password=***'
    ],
    ['aws s3 ls AKIAIOSFODNN7EXAMPLE', 'aws s3 ls ***'],
    ['gh auth ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaa ghs_bbbbbbbbbbbbbbbbbbbbbbbb', 'gh auth *** ***']
  ])('%s', (command, shown) => {
    expect(redactCommand(command)).toBe(shown)
  })

  it('leaves a command without secrets as it is', () => {
    const command = 'terraform apply -auto-approve -var cluster=prod -parallelism=5'
    expect(redactCommand(command)).toBe(command)
  })
})
