// Simulated exchange time. At speed N one recorded minute passes in 60/N wall seconds; sim time
// starts at `startTime` (default: the wall clock's now), so bars at speed 1 are stamped with real time.
import { type Clock, systemClock } from '@coinview/core/ports';

export class SimClock implements Clock {
  private readonly wallStart: number;
  private readonly simStart: number;

  constructor(
    private readonly wall: Clock = systemClock,
    readonly speed = 1,
    startTime?: number,
  ) {
    if (!(speed > 0) || !Number.isFinite(speed))
      throw new Error(`speed must be a positive number, got ${speed}`);
    this.wallStart = wall.now();
    this.simStart = startTime ?? this.wallStart;
  }

  /** Current sim time, epoch ms. */
  now(): number {
    return Math.floor(this.simStart + (this.wall.now() - this.wallStart) * this.speed);
  }

  /** Wall milliseconds until sim time reaches `simTime` (<= 0 when already there). */
  wallDelayUntil(simTime: number): number {
    const wallAt = this.wallStart + (simTime - this.simStart) / this.speed;
    return Math.ceil(wallAt - this.wall.now());
  }
}
