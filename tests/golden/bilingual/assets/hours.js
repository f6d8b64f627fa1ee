/* Opening hours in the visitor's browser: is a place open now, by the schedule the build wrote
 * (sitegen/hours.py, SCHEDULE_FORMAT) and the clock of the place's time zone. Public holidays are not known.
 * Used by the finder and by a space's page.
 */
(function () {
  "use strict";
  var DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
  var clocks = {};

  /* The weekday (Monday 0), minute of the day and month (0 to 11) at a moment in a time zone. */
  function localNow(zone, moment) {
    if (!clocks[zone]) {
      clocks[zone] = new Intl.DateTimeFormat("en-GB", { timeZone: zone, weekday: "short", month: "numeric",
                                                        hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    }
    var parts = {};
    clocks[zone].formatToParts(moment).forEach(function (part) { parts[part.type] = part.value; });
    return { day: DAYS.indexOf(parts.weekday), minute: parseInt(parts.hour, 10) * 60 + parseInt(parts.minute, 10),
             month: parseInt(parts.month, 10) - 1 };
  }

  function dayOf(schedule, now) {
    var week = schedule.months ? schedule.months[now.month] : schedule.week;
    return { week: week, today: week[now.day] || [] };
  }

  /* {state: "open" | "closed" | "maybe", time: the minute it closes (open) or next opens today (closed), or null}. */
  function statusAt(schedule, now) {
    var days = dayOf(schedule, now);
    for (var i = 0; i < days.today.length; i += 1) {
      var span = days.today[i];
      if (span[0] <= now.minute && now.minute < span[1]) {
        if (span[2] !== "open") { return { state: "maybe", time: null }; }
        return { state: "open", time: span[1] === 1440 ? afterMidnight(days.week, now.day) : span[1] };
      }
    }
    var later = days.today.filter(function (span) { return span[0] > now.minute && span[2] === "open"; })[0];
    return { state: "closed", time: later ? later[0] : null };
  }

  function afterMidnight(week, day) {
    var next = week[(day + 1) % 7] || [];
    return next.length && next[0][0] === 0 && next[0][1] < 1440 ? next[0][1] : null;
  }

  function clock(minutes) {
    var h = Math.floor(minutes / 60) % 24, m = minutes % 60;
    return (h < 10 ? "0" : "") + h + ":" + (m < 10 ? "0" : "") + m;
  }

  /* Today's opening spans as text: "09:00–12:00, 13:00–17:00". */
  function today(schedule, now) {
    return dayOf(schedule, now).today.filter(function (span) { return span[2] === "open"; }).map(function (span) {
      return clock(span[0]) + "–" + clock(span[1]);
    }).join(", ");
  }

  window.ThirdPlacesHours = { localNow: localNow, statusAt: statusAt, clock: clock, today: today };
})();
