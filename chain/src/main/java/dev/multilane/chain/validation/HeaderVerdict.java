package dev.multilane.chain.validation;

/** What {@link HeaderValidator} found: the header is valid, breaks a rule, or is of a kind it cannot check. */
public sealed interface HeaderVerdict {

    /** The one valid verdict. */
    HeaderVerdict VALID = new Valid();

    default boolean isValid() {
        return this instanceof Valid;
    }

    /** One line for an error message; "valid" for {@link Valid}. */
    String message();

    /** Every checked rule holds. */
    record Valid() implements HeaderVerdict {
        @Override
        public String message() {
            return "valid";
        }
    }

    /**
     * The first rule the header breaks.
     *
     * @param field the offending field
     * @param actual the header's value ("absent" when it lacks the field)
     * @param expected the value or range the rule requires ("absent" when the field must not be there)
     * @param rule where the rule comes from, e.g. "EIP-1559"
     */
    record Invalid(HeaderField field, String actual, String expected, String rule) implements HeaderVerdict {
        @Override
        public String message() {
            return field.jsonName() + ": header " + actual + ", expected " + expected + " (" + rule + ")";
        }
    }

    /** A header these rules do not cover, e.g. proof of work; neither valid nor known to be invalid. */
    record Unsupported(String reason) implements HeaderVerdict {
        @Override
        public String message() {
            return reason;
        }
    }
}
