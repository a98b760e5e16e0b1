package dev.multilane.evm;

import java.util.Locale;

/**
 * The forks Multilane executes, in activation order. Rules are switched on with
 * {@code fork.isEnabled(Fork.LONDON)}: a fork has every rule of the forks before it.
 */
public enum Fork {
    BERLIN("Berlin"),
    LONDON("London"),
    /** The Merge: DIFFICULTY becomes PREVRANDAO (EIP-4399). */
    PARIS("Paris"),
    SHANGHAI("Shanghai"),
    CANCUN("Cancun");

    private final String displayName;

    Fork(String displayName) {
        this.displayName = displayName;
    }

    /** True when the rules introduced by {@code feature} are in force at this fork. */
    public boolean isEnabled(Fork feature) {
        return compareTo(feature) >= 0;
    }

    public String displayName() {
        return displayName;
    }

    /** Looks a fork up by its ethereum/tests name ("Cancun", "Merge" for Paris), or null. */
    public static Fork fromName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("merge")) {
            return PARIS;
        }
        for (Fork f : values()) {
            if (f.displayName.toLowerCase(Locale.ROOT).equals(n)) {
                return f;
            }
        }
        return null;
    }
}
