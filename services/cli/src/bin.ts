#!/usr/bin/env node
/**
 * The `konstruct` executable: runs the command tree and turns any error into one line on stderr
 * and a non-zero exit code (typed errors carry their own code and message).
 */
import { CliError, describeError, processOutput } from './cli-output.ts';
import { buildProgram } from './program.ts';

try {
  await buildProgram({ output: processOutput, env: process.env }).parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof CliError && error.code === 'DoctorFailed')) {
    processOutput.problem(describeError(error));
  }
  process.exitCode = error instanceof CliError ? error.exitCode : 1;
}
