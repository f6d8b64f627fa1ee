// Reads a calendar with ical.js (Mozilla's iCalendar library, independent of Python's icalendar) and prints
// its events as JSON: uid, summary, location, geo, url, and the UTC start of every date of each event up to
// the end date given (cancelled dates, EXDATE, left out). Usage: node read_ics.mjs <file.ics> <YYYY-MM-DD>
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const [file, until] = process.argv.slice(2);
const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(zone);
}
const end = ICAL.Time.fromDateString(until);
const events = calendar.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  const starts = [];
  const dates = event.iterator();
  for (let next = dates.next(); next && next.compare(end) < 0 && starts.length < 500; next = dates.next()) {
    starts.push(next.toJSDate().toISOString());
  }
  return {
    uid: event.uid, summary: event.summary, location: event.location,
    geo: component.getFirstPropertyValue("geo"), url: component.getFirstPropertyValue("url"),
    zone: event.startDate.zone ? event.startDate.zone.tzid : null, starts,
  };
});
process.stdout.write(JSON.stringify({ name: calendar.getFirstPropertyValue("x-wr-calname"), events }));
