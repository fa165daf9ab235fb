package com.parley.conversation.ticket;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a write does to one conversation document: fields set, unset and incremented, a staff member who
 * opened it, a line for its activity log, and whether it is a new version (every change that emits a
 * conversation event is). Immutable; {@link #and(Change)} folds two changes into one write (a message that
 * also reopens a ticket).
 */
public record Change(Map<String, Object> set, List<String> unset, Map<String, Number> inc,
                     Conversation.Seen seen, Conversation.Activity activity, boolean bumpsVersion) {

    public Change {
        set = Collections.unmodifiableMap(new LinkedHashMap<>(set));
        unset = List.copyOf(unset);
        inc = Map.copyOf(inc);
    }

    public static Change none() {
        return new Change(Map.of(), List.of(), Map.of(), null, null, false);
    }

    public Change set(String field, Object value) {
        Map<String, Object> all = new LinkedHashMap<>(set);
        all.put(field, value);
        return new Change(all, unset, inc, seen, activity, bumpsVersion);
    }

    public Change unset(String... fields) {
        List<String> all = new ArrayList<>(unset);
        all.addAll(List.of(fields));
        return new Change(set, all, inc, seen, activity, bumpsVersion);
    }

    public Change inc(String field, Number by) {
        Map<String, Number> all = new LinkedHashMap<>(inc);
        all.put(field, by);
        return new Change(set, unset, all, seen, activity, bumpsVersion);
    }

    public Change seenBy(Conversation.Seen staff) {
        return new Change(set, unset, inc, staff, activity, bumpsVersion);
    }

    public Change logged(Conversation.Activity line) {
        return new Change(set, unset, inc, seen, line, bumpsVersion);
    }

    /** Bumps the document's {@code version}, on which lifecycle writes are conditional. */
    public Change newVersion() {
        return new Change(set, unset, inc, seen, activity, true);
    }

    /** Both changes in one write; {@code other} wins where both set the same field. */
    public Change and(Change other) {
        Map<String, Object> allSet = new LinkedHashMap<>(set);
        allSet.putAll(other.set);
        List<String> allUnset = new ArrayList<>(unset);
        other.unset.stream().filter(f -> !allUnset.contains(f)).forEach(allUnset::add);
        Map<String, Number> allInc = new LinkedHashMap<>(inc);
        allInc.putAll(other.inc);
        return new Change(allSet, allUnset, allInc, other.seen != null ? other.seen : seen,
                other.activity != null ? other.activity : activity, bumpsVersion || other.bumpsVersion);
    }
}
