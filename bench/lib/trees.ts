/**
 * Process trees to cancel, as `sh -c` scripts that print `ready` once every process is up.
 *
 * cooperative: a child and a grandchild (re-parented when its subshell exits); everything ends on SIGTERM.
 * stubborn: ignores SIGTERM, and leaves a grandchild that calls setsid (own session and process group) and
 * ignores SIGTERM too, so only SIGKILL found by the job marker ends it.
 */
export const TREES = {
  cooperative: 'sleep 60 & (sleep 60 &); echo ready; wait',
  stubborn: `trap '' TERM; setsid sh -c 'trap "" TERM; sleep 60 & echo grandchild; wait' & sleep 0.2; echo ready; while :; do sleep 1; done`,
} as const;
export type TreeKind = keyof typeof TREES;
