/**
 * A job type: its name and the zod schema of its data. Data is parsed when a job is added and
 * again when it is taken, and a job whose data does not parse fails at once (UnrecoverableError)
 * instead of being retried forever.
 */
import { UnrecoverableError } from "bullmq";
import type { z } from "zod";

export interface JobType<Schema extends z.ZodType> {
  name: string;
  schema: Schema;
  parse(data: unknown): z.infer<Schema>;
}

export function defineJob<Schema extends z.ZodType>(name: string, schema: Schema): JobType<Schema> {
  return {
    name,
    schema,
    parse(data) {
      const result = schema.safeParse(data);
      if (!result.success) {
        const issue = result.error.issues[0];
        throw new UnrecoverableError(`job ${name} has invalid data: ${issue?.path.join(".")}: ${issue?.message}`);
      }
      return result.data;
    },
  };
}
