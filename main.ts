// `tsx main.ts`: the cdktf app under tsx. cdktf.json runs the same app through cli/launch.mjs.
import { main } from './cli/cdktf-app';

process.exitCode = await main(process.argv.slice(2), process.cwd());
