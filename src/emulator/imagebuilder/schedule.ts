import { Cron } from 'croner';
import type { ResourceModel } from '../resources/handler-rules';

/**
 * When a pipeline's schedule next runs (the API's dateNextRun). Image Builder's cron is AWS's
 * six-field form, `cron(minutes hours day-of-month month day-of-week year)`, with Quartz-style
 * weekdays (1 = Sunday), `?`, `L`, `W`, `#`, and steps such as `0/15`, evaluated in the
 * schedule's time zone (UTC unless it names one). croner evaluates the same grammar given a
 * seconds field in front, Quartz weekdays and numeric step starts.
 */
const AWS_CRON = /^cron\((.+)\)$/;

export function nextRunOf(schedule: ResourceModel | undefined, after: number): number | undefined {
  const expression = typeof schedule?.ScheduleExpression === 'string' ? AWS_CRON.exec(schedule.ScheduleExpression.trim()) : null;
  if (!expression) return undefined;
  const fields = expression[1]!.trim().split(/\s+/);
  // Anything but the six fields Image Builder documents has no next run the emulator can vouch for.
  if (fields.length !== 6) return undefined;
  try {
    const cron = new Cron(`0 ${fields.join(' ')}`, {
      mode: '7-part',
      alternativeWeekdays: true,
      sloppyRanges: true,
      timezone: typeof schedule!.Timezone === 'string' ? schedule!.Timezone : 'Etc/UTC',
      paused: true,
    });
    return cron.nextRun(new Date(after))?.getTime();
  } catch {
    return undefined;
  }
}
