package org.kidsafe.architecture;

import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaEnumConstant;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One style for scheduled work: a {@code @Scheduled} method lives in a class named {@code *Job}; its
 * period ({@code every} or {@code cron}) and any {@code delayed} come from configuration, under
 * {@code kidsafe.jobs.<job>.every|cron|delay}, where {@code <job>} is the class's name without {@code Job} in
 * kebab case ({@code RetentionPurgeJob} reads {@code kidsafe.jobs.retention-purge.every}), so an operator finds
 * every job's timing in one place and each key names the one class that reads it (a default after {@code :} is
 * allowed); and a run that is still going when the next is due is skipped ({@code concurrentExecution = SKIP}),
 * never overlapped.
 */
final class ScheduledJobStyle extends ArchCondition<JavaMethod> {

    static final String KEY_PREFIX = "kidsafe.jobs.";
    private static final String JOB = "[a-z0-9]+(-[a-z0-9]+)*";
    static final Pattern PERIOD = Pattern.compile("\\$\\{kidsafe\\.jobs\\." + JOB + "\\.(every|cron)(:[^}]*)?}");
    static final Pattern DELAY = Pattern.compile("\\$\\{kidsafe\\.jobs\\." + JOB + "\\.delay(:[^}]*)?}");

    ScheduledJobStyle() {
        super("live in a *Job class, take every/cron/delayed from ${" + KEY_PREFIX + "<job>.every|cron|delay} "
                + "and skip overlapping runs (concurrentExecution = SKIP)");
    }

    @Override
    public void check(JavaMethod method, ConditionEvents events) {
        JavaAnnotation<?> scheduled = method.getAnnotationOfType(Roles.SCHEDULED);
        List<String> problems = new ArrayList<>();
        if (!method.getOwner().getSimpleName().endsWith("Job")) {
            problems.add("its class is not named *Job");
        }
        String every = text(scheduled, "every");
        String cron = text(scheduled, "cron");
        if (every.isEmpty() == cron.isEmpty()) {
            problems.add("it must set exactly one of every/cron");
        }
        for (String period : List.of(every, cron)) {
            if (!period.isEmpty() && !PERIOD.matcher(period).matches()) {
                problems.add("its period '" + period + "' is not ${" + KEY_PREFIX + "<job>.every|cron}");
            }
        }
        String expectedKey = KEY_PREFIX + jobName(method.getOwner().getSimpleName()) + ".";
        for (String key : List.of(every, cron, text(scheduled, "delayed"))) {
            if (!key.isEmpty() && !key.startsWith("${" + expectedKey)) {
                problems.add("its key '" + key + "' does not name its class: expected ${" + expectedKey + "...}");
            }
        }
        String delayed = text(scheduled, "delayed");
        if (!delayed.isEmpty() && !DELAY.matcher(delayed).matches()) {
            problems.add("its delay '" + delayed + "' is not ${" + KEY_PREFIX + "<job>.delay}");
        }
        Object concurrent = scheduled.get("concurrentExecution").orElse(null);
        String concurrency = concurrent instanceof JavaEnumConstant constant ? constant.name() : String.valueOf(concurrent);
        if (!"SKIP".equals(concurrency)) {
            problems.add("it does not skip overlapping runs (concurrentExecution = SKIP)");
        }
        if (!problems.isEmpty()) {
            events.add(SimpleConditionEvent.violated(method, method.getFullName() + ": " + String.join("; ", problems)));
        }
    }

    /** {@code RetentionPurgeJob} -> {@code retention-purge}. */
    static String jobName(String simpleName) {
        String base = simpleName.endsWith("Job") ? simpleName.substring(0, simpleName.length() - 3) : simpleName;
        return base.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static String text(JavaAnnotation<?> annotation, String attribute) {
        return annotation.get(attribute).map(String::valueOf).orElse("").trim();
    }
}
