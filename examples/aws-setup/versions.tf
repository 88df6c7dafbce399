terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 5.81 made thumbprint_list optional on aws_iam_openid_connect_provider: AWS validates
      # GitHub's OIDC endpoint with its own trusted CAs, so no thumbprint is needed.
      version = ">= 5.81"
    }
  }
}
