import { Injectable } from '@nestjs/common';

/** The only place that reads the wall clock. Core code receives `now` from here; tests replace it. */
@Injectable()
export class Clock {
  nowMs(): number {
    return Date.now();
  }
}
