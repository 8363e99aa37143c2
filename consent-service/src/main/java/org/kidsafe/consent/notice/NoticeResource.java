package org.kidsafe.consent.notice;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.commons.security.Caller;
import org.kidsafe.consent.preference.Language;

/**
 * The direct notice is public: parents read it before they have an account, and what changed between two versions
 * (issue 19 item 3). Marking a version material is a compliance officer's decision (16 CFR 312.4(b)). A version is read
 * in the language the reader's {@code Accept-Language} asks for, English or Spanish (issue 19 item 10), with that text's
 * own hash: the one a consent under a Spanish mail names.
 */
@Path("/v1/notices")
@Tag(name = "Notices", description = "The direct notice to parents (16 CFR 312.4), current and past versions")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class NoticeResource {

    private final NoticeService notices;
    private final NoticeGenerator generator;
    private final Caller caller;

    NoticeResource(NoticeService notices, NoticeGenerator generator, Caller caller) {
        this.notices = notices;
        this.generator = generator;
        this.caller = caller;
    }

    @GET
    @Path("/current")
    @Operation(operationId = "getCurrentNotice", summary = "The current direct notice: what is collected, why, for how long, and who receives it",
            description = "In English or Spanish by Accept-Language (English when neither is asked for); language names the one served.")
    public NoticeView current(@Context HttpHeaders headers) {
        Notice notice = notices.current();
        Language language = notice.language(wanted(headers));
        return NoticeView.of(notice, language, generator.generate(language).categories());
    }

    @GET
    @Path("/{version}")
    @Operation(operationId = "getNotice", summary = "An earlier version of the notice, exactly as parents saw it",
            description = "In English or Spanish by Accept-Language; a version published before Spanish existed is English only.")
    public NoticeView version(@PathParam("version") int version, @Context HttpHeaders headers) {
        Notice notice = notices.version(version);
        return NoticeView.of(notice, notice.language(wanted(headers)), null);
    }

    /**
     * Read from the request, not declared as an operation parameter: a declared header would add an argument to every
     * generated client's method, and clients send Accept-Language anyway.
     */
    private static Language wanted(HttpHeaders headers) {
        return Language.ofAcceptLanguage(headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE)).orElse(Language.EN);
    }

    @GET
    @Path("/{version}/changes")
    @Operation(operationId = "getNoticeChanges", summary = "What changed in the notice since an earlier version, section by section",
            description = "A line diff of the two texts, grouped by the notice's sections (a category, your rights, how to revoke...),"
                    + " as the privacy center shows it before a parent renews a consent after a material change.")
    @APIResponse(responseCode = "200", description = "The changed sections",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NoticeChanges.class)))
    @APIResponse(responseCode = "400", description = "invalid-since: since is missing or not older than version")
    @APIResponse(responseCode = "404", description = "No such version (never published, or purged)")
    public NoticeChanges changes(@PathParam("version") int version,
                                 // Read as text, as PageParameters' limit: Jakarta REST would answer since=abc with a 404.
                                 @QueryParam("since") @Parameter(description = "The earlier version to compare with",
                                         schema = @Schema(type = SchemaType.INTEGER, format = "int32")) String since) {
        return notices.changes(version, earlierVersion(since, version));
    }

    private static int earlierVersion(String since, int version) {
        try {
            return Integer.parseInt(since == null ? "" : since.strip());
        } catch (NumberFormatException notANumber) {
            throw ProblemException.badRequest("invalid-since", "since must name a version older than " + version + ".");
        }
    }

    @POST
    @Path("/{version}/material")
    @RolesAllowed(Caller.COMPLIANCE_OFFICER)
    @Operation(operationId = "markNoticeMaterial", summary = "Mark the current notice a material change: earlier consents need renewal",
            description = "A compliance officer's decision (16 CFR 312.4(b)); a new version is published at startup when the settings"
                    + " change the text, and is not material until marked. Consents given under earlier versions then need renewal by"
                    + " now + kidsafe.consent.notice.renewal-grace (30 days); their parents are emailed; a consent not renewed by then"
                    + " lapses and collection under it stops. Marking the same version again changes nothing.")
    @APIResponse(responseCode = "200", description = "The version, with materialAt",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NoticeView.class)))
    @APIResponse(responseCode = "404", description = "No such version")
    @APIResponse(responseCode = "409", description = "notice-not-current: only the current version can be marked")
    public NoticeView markMaterial(@PathParam("version") int version) {
        return NoticeView.of(notices.markMaterial(caller.officerId(), version), Language.EN, null);
    }
}
