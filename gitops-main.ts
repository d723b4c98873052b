// `tsx gitops-main.ts`: the cdk8s app under tsx. cdk8s.yaml runs the same app through cli/launch.mjs.
import { main } from './cli/cdk8s-app';

process.exitCode = await main(process.argv.slice(2), process.cwd());
