package org.kidsafe.profile.rest;

import java.util.List;

/** Safe display names, free at the time they were suggested. */
public record DisplayNameSuggestionsView(List<String> suggestions) {
}
