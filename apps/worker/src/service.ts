/** A long-running part of the worker; main starts them in order and stops them in reverse. */
export interface Service {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}
