package org.kidsafe.consent.notice;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What changed between two notice versions, as parents are shown it before they renew (issue 19 item 3): a line diff
 * (java-diff-utils, Myers) grouped by the notice's sections. A section is a paragraph of the text, named by its first
 * line (a category such as {@code PHOTOS}, "Your rights", ...); lines removed and added are listed under the section of
 * the version they belong to.
 */
@Schema(description = "What changed from notice version `since` to `version`, section by section; only changed sections are listed")
public record NoticeChanges(int version, int since,
                            @Schema(description = "Whether `version` was marked a material change by a compliance officer: consents given under earlier versions then need renewal")
                            boolean material,
                            List<SectionChange> sections) {

    /**
     * @param section the section's first line, as in the newer version (the older one's where the section was removed)
     * @param removed lines of the older version no longer in the newer one
     * @param added   lines of the newer version that the older one did not have
     */
    public record SectionChange(String section, List<String> removed, List<String> added) {
    }

    static NoticeChanges between(Notice older, Notice newer) {
        List<String> before = older.text.lines().toList();
        List<String> after = newer.text.lines().toList();
        List<String> beforeSections = sectionOfEachLine(before);
        List<String> afterSections = sectionOfEachLine(after);
        Map<String, SectionChange> sections = new LinkedHashMap<>();
        for (AbstractDelta<String> delta : DiffUtils.diff(before, after).getDeltas()) {
            for (int i = 0; i < delta.getSource().size(); i++) {
                String line = delta.getSource().getLines().get(i);
                if (!line.isBlank()) {
                    section(sections, beforeSections.get(delta.getSource().getPosition() + i)).removed().add(line.strip());
                }
            }
            for (int i = 0; i < delta.getTarget().size(); i++) {
                String line = delta.getTarget().getLines().get(i);
                if (!line.isBlank()) {
                    section(sections, afterSections.get(delta.getTarget().getPosition() + i)).added().add(line.strip());
                }
            }
        }
        return new NoticeChanges(newer.version, older.version, newer.materialAt != null, List.copyOf(sections.values()));
    }

    private static SectionChange section(Map<String, SectionChange> sections, String name) {
        return sections.computeIfAbsent(name, key -> new SectionChange(key, new ArrayList<>(), new ArrayList<>()));
    }

    /** For each line, the first line of its paragraph (paragraphs are separated by blank lines). */
    private static List<String> sectionOfEachLine(List<String> lines) {
        List<String> sections = new ArrayList<>(lines.size());
        String current = null;
        boolean paragraphStart = true;
        for (String line : lines) {
            if (line.isBlank()) {
                paragraphStart = true;
            } else if (paragraphStart) {
                current = line.strip();
                paragraphStart = false;
            }
            sections.add(current == null ? "" : current);
        }
        return sections;
    }
}
