package org.kidsafe.profile.displayname;

import java.util.List;

/** Safe display names, free at the time they were suggested. */
public record DisplayNameSuggestionsView(List<String> suggestions) {
}
