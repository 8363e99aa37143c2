package org.kidsafe.consent.erasure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.kidsafe.commons.paging.Cursor;
import org.kidsafe.commons.paging.Page;
import org.kidsafe.commons.paging.PageRequest;
import org.kidsafe.commons.problem.ProblemException;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What a parent may see of erasures: their own sagas, who is still working on one, a child's history for the export. */
@ApplicationScoped
public class ErasureStatusService {

    private final ErasureRequestRepository requests;
    private final ErasureParticipants participants;

    ErasureStatusService(ErasureRequestRepository requests, ErasureParticipants participants) {
        this.requests = requests;
        this.participants = participants;
    }

    /** A saga of a child the parent was a guardian of when it started (issue 19 item 4); anyone else gets 404. */
    @Transactional
    public ErasureRequest requireHeld(UUID parentId, UUID erasureId) {
        return requests.findByIdOptional(erasureId)
                .filter(request -> requests.heldBy(erasureId, parentId))
                .orElseThrow(() -> ProblemException.notFound("erasure"));
    }

    /** The participants that have not answered yet; none once the saga completed. */
    @Transactional(TxType.SUPPORTS)
    public List<String> pendingServices(ErasureRequest request) {
        return participants.silent(List.of(request)).get(request.id);
    }

    /**
     * One page of the erasures of the children the parent was a guardian of when each started (issue 19 item 4: a shared
     * child's erasure is the household's history, whoever of it started it), newest first, each with who is still working
     * on it and, once done, its receipt (issue 19 item 6: kept {@code kidsafe.erasure.keep-for} after completion).
     */
    @Transactional
    public Page<ErasureView> listForGuardian(UUID parentId, PageRequest request) {
        Page<ErasureRequest> page = request.page(requests.pageForGuardian(parentId, request),
                erasure -> new Cursor(erasure.requestedAt, erasure.id));
        Map<UUID, List<String>> silent = participants.silent(page.items());
        return page.map(erasure -> ErasureView.of(erasure, silent.get(erasure.id)));
    }

    @Transactional(TxType.SUPPORTS)
    public List<ErasureRequest> listForChild(UUID childId) {
        return requests.listForChild(childId);
    }
}
