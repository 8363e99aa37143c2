package org.kidsafe.architecture;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * A transaction must not wait on another system over HTTP: the database connection and its locks would
 * be held for as long as that system takes, and a rollback cannot take back what the other system did.
 * Follows the method into the private helpers and other methods of its own class (where the call often
 * sits), and reports each call that goes over HTTP ({@link HttpClients}).
 */
final class NoHttpInTransactions extends ArchCondition<JavaMethod> {

    NoHttpInTransactions() {
        super("not call over HTTP (directly or through their own class's methods)");
    }

    @Override
    public void check(JavaMethod method, ConditionEvents events) {
        JavaClass self = method.getOwner();
        Deque<JavaCodeUnit> todo = new ArrayDeque<>();
        Set<JavaCodeUnit> seen = new HashSet<>();
        todo.add(method);
        while (!todo.isEmpty()) {
            JavaCodeUnit unit = todo.pop();
            if (!seen.add(unit)) {
                continue;
            }
            for (JavaCall<?> call : unit.getCallsFromSelf()) {
                JavaClass target = call.getTargetOwner();
                if (target.equals(self)) {
                    call.getTarget().resolveMember()
                            .filter(JavaCodeUnit.class::isInstance)
                            .map(JavaCodeUnit.class::cast)
                            .ifPresent(todo::add);
                } else if (HttpClients.callsOverHttp(target)) {
                    events.add(SimpleConditionEvent.violated(method, method.getFullName()
                            + " runs in a transaction and calls over HTTP: " + call.getDescription()));
                }
            }
        }
    }
}
