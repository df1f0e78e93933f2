export { buildProgram, type ProgramDeps } from './program.ts';
