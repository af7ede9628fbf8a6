export { Jobs, type Client, type SubmitRequest } from './jobs';
export { timeLimitFor, type TimeLimit } from '../registry/time-limit';
