package org.kidsafe.profile.displayname;

import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Random safe display names: adjective + animal + an optional number, from built-in word lists.
 * Each suggestion passes the display-name policy and is not used by any child at the time it is offered.
 */
@ApplicationScoped
public class DisplayNameSuggestions {

    static final int MAX_ATTEMPTS_PER_NAME = 25;
    private static final int NUMBER_BOUND = 100;

    private final List<String> adjectives = DisplayNamePolicy.wordList("display-names/adjectives.txt");
    private final List<String> animals = DisplayNamePolicy.wordList("display-names/animals.txt");
    private final SecureRandom random = new SecureRandom();
    private final DisplayNamePolicy policy;
    private final TakenNames taken;

    DisplayNameSuggestions(DisplayNamePolicy policy, TakenNames taken) {
        this.policy = policy;
        this.taken = taken;
    }

    public List<String> suggest(int count) {
        List<String> names = new ArrayList<>(count);
        for (int attempt = 0; names.size() < count && attempt < count * MAX_ATTEMPTS_PER_NAME; attempt++) {
            String candidate = candidate();
            boolean duplicate = names.stream().anyMatch(name -> DisplayNamePolicy.comparable(name).equals(DisplayNamePolicy.comparable(candidate)));
            if (!duplicate && policy.check(candidate).isEmpty() && !taken.isTaken(candidate)) {
                names.add(candidate);
            }
        }
        return names;
    }

    private String candidate() {
        String name = capitalised(pick(adjectives)) + capitalised(pick(animals));
        return random.nextBoolean() ? name + random.nextInt(NUMBER_BOUND) : name;
    }

    private String pick(List<String> words) {
        return words.get(random.nextInt(words.size()));
    }

    private static String capitalised(String word) {
        return word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
    }
}
