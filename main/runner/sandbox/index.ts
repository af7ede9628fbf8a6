/** The run's sandbox: one policy as data, rendered per platform. */
export { describeExposure } from './exposure';
export { buildPolicy, type PolicyInput, type SandboxPolicy } from './policy';
export { bwrapArgs } from './bwrap';
export { seatbeltProfile, sandboxExecArgs, type SeatbeltProfile } from './seatbelt';
