/**
 * Every job type, with the queues it runs on. A worker serves the types registered for its queue;
 * a new job type (a timer, a survey) is one file in this folder and one line here.
 */
import { channelQueueName, queueKind, queueNames, type QueueKind, type QueueName } from "../queues";
import type { JobType } from "./define-job";
import { petitionDelayedJob } from "./petition-delayed";
import { recordPetitionJob } from "./record-petition";
import { sendNoticeJob } from "./send-notice";
import { tellDirectlyJob } from "./tell-directly";
import { sweepTimersJob, wakeCaseJob } from "./timers";

export interface Registration {
  type: JobType;
  /** The kinds of queue it runs on (every process's own terminal queue is one kind). */
  queues: readonly QueueKind[];
}

export const jobRegistry: readonly Registration[] = [
  { type: recordPetitionJob, queues: [queueNames.intake] },
  // WeChat's own queue is served only by the process logged in to WeChat, a terminal queue only by
  // the process holding those terminals.
  { type: sendNoticeJob, queues: [queueNames.outbound, channelQueueName("wechat"), channelQueueName("terminal")] },
  { type: petitionDelayedJob, queues: [queueNames.intake] },
  { type: tellDirectlyJob, queues: [queueNames.outbound, channelQueueName("wechat"), channelQueueName("terminal")] },
  // deadlines
  { type: wakeCaseJob, queues: [queueNames.timers] },
  { type: sweepTimersJob, queues: [queueNames.timers] },
];

/** The job types a worker of `queue` serves, by name. */
export function jobTypesOn(queue: QueueName, registry: readonly Registration[] = jobRegistry): ReadonlyMap<string, JobType> {
  const kind = queueKind(queue);
  return new Map(registry.filter((registration) => registration.queues.includes(kind)).map(({ type }) => [type.name, type]));
}
